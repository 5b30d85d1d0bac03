using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nashir.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchRecency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Recency",
                table: "SearchDocuments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            Features.Search.SearchSchema.KeyByRecency(migrationBuilder, ActiveProvider);

            migrationBuilder.CreateIndex(
                name: "IX_SearchDocuments_Recency",
                table: "SearchDocuments",
                column: "Recency",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Features.Search.SearchSchema.UndoKeyByRecency(migrationBuilder, ActiveProvider);

            migrationBuilder.DropIndex(
                name: "IX_SearchDocuments_Recency",
                table: "SearchDocuments");

            migrationBuilder.DropColumn(
                name: "Recency",
                table: "SearchDocuments");
        }
    }
}
