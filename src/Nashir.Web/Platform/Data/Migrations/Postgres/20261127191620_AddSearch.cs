using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nashir.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SearchDocuments",
                columns: table => new
                {
                    ArticleId = table.Column<int>(type: "integer", nullable: false),
                    HeadlineExact = table.Column<string>(type: "text", nullable: false),
                    HeadlineStem = table.Column<string>(type: "text", nullable: false),
                    LeadExact = table.Column<string>(type: "text", nullable: false),
                    LeadStem = table.Column<string>(type: "text", nullable: false),
                    BodyExact = table.Column<string>(type: "text", nullable: false),
                    BodyStem = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchDocuments", x => x.ArticleId);
                    table.ForeignKey(
                        name: "FK_SearchDocuments_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            Features.Search.SearchSchema.Create(migrationBuilder, ActiveProvider);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Features.Search.SearchSchema.Drop(migrationBuilder, ActiveProvider);

            migrationBuilder.DropTable(
                name: "SearchDocuments");
        }
    }
}
