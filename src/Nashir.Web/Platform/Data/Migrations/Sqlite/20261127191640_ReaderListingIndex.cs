using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nashir.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReaderListingIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Articles_PublishAt_Id",
                table: "Articles",
                columns: new[] { "PublishAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_PublishAt_Id",
                table: "Articles");
        }
    }
}
