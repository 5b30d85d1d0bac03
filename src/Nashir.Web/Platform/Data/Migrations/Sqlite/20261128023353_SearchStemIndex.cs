using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nashir.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchStemIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            Features.Search.SearchSchema.IndexStemsOnly(migrationBuilder, ActiveProvider);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Features.Search.SearchSchema.UndoIndexStemsOnly(migrationBuilder, ActiveProvider);
        }
    }
}
