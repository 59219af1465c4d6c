using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SlackChampionBot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Wins : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "last_edit_ts",
                table: "wins",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_star_entries_team_id_reverses_entry_id",
                table: "star_entries",
                columns: new[] { "team_id", "reverses_entry_id" });

            migrationBuilder.CreateIndex(
                name: "ix_star_entries_team_id_source_event_id",
                table: "star_entries",
                columns: new[] { "team_id", "source_event_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_star_entries_team_id_reverses_entry_id",
                table: "star_entries");

            migrationBuilder.DropIndex(
                name: "ix_star_entries_team_id_source_event_id",
                table: "star_entries");

            migrationBuilder.DropColumn(
                name: "last_edit_ts",
                table: "wins");
        }
    }
}
