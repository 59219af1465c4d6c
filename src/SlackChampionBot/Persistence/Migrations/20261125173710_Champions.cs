using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SlackChampionBot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Champions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "champion_nominations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    manager_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    nominee_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    bonus_entry_id = table.Column<long>(type: "INTEGER", nullable: true),
                    withdrawn_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    reversal_entry_id = table.Column<long>(type: "INTEGER", nullable: true),
                    dm_sent_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    announcement_channel_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    announcement_ts = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    withdrawal_notice_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_champion_nominations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "titles",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    natural_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    period_start = table.Column<DateTime>(type: "TEXT", nullable: true),
                    period_end = table.Column<DateTime>(type: "TEXT", nullable: true),
                    nomination_id = table.Column<long>(type: "INTEGER", nullable: true),
                    milestone_stars = table.Column<int>(type: "INTEGER", nullable: true),
                    win_id = table.Column<long>(type: "INTEGER", nullable: true),
                    granted_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    celebrated_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    revoked_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    revoked_by = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_titles", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_champion_nominations_team_id_created_at",
                table: "champion_nominations",
                columns: new[] { "team_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_champion_nominations_team_id_manager_id_month",
                table: "champion_nominations",
                columns: new[] { "team_id", "manager_id", "month" });

            migrationBuilder.CreateIndex(
                name: "ix_champion_nominations_team_id_month",
                table: "champion_nominations",
                columns: new[] { "team_id", "month" });

            migrationBuilder.CreateIndex(
                name: "ix_champion_nominations_team_id_nominee_id",
                table: "champion_nominations",
                columns: new[] { "team_id", "nominee_id" });

            migrationBuilder.CreateIndex(
                name: "ix_titles_team_id_kind_period_start",
                table: "titles",
                columns: new[] { "team_id", "kind", "period_start" });

            migrationBuilder.CreateIndex(
                name: "ix_titles_team_id_natural_key",
                table: "titles",
                columns: new[] { "team_id", "natural_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_titles_team_id_user_id_granted_at",
                table: "titles",
                columns: new[] { "team_id", "user_id", "granted_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "champion_nominations");

            migrationBuilder.DropTable(
                name: "titles");
        }
    }
}
