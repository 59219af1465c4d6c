using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SlackChampionBot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Leaderboards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "leaderboard_opt_outs",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    opted_out_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leaderboard_opt_outs", x => new { x.team_id, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "leaderboard_watermarks",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    last_entry_id = table.Column<long>(type: "INTEGER", nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leaderboard_watermarks", x => x.team_id);
                });

            migrationBuilder.CreateTable(
                name: "star_period_totals",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    period_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    receiver_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    stars = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_star_period_totals", x => new { x.team_id, x.kind, x.period_start, x.receiver_id });
                });

            migrationBuilder.CreateTable(
                name: "weekly_posts",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    week_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    state = table.Column<int>(type: "INTEGER", nullable: false),
                    due_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    claimed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    posted_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    channel_id = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    message_ts = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    champion_user_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_weekly_posts", x => new { x.team_id, x.week_start });
                });

            migrationBuilder.CreateTable(
                name: "weekly_snapshots",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    week_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    rank = table.Column<int>(type: "INTEGER", nullable: false),
                    stars = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_weekly_snapshots", x => new { x.team_id, x.week_start, x.user_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_star_period_totals_board",
                table: "star_period_totals",
                columns: new[] { "team_id", "kind", "period_start", "stars", "receiver_id" },
                descending: new[] { false, false, false, true, false });

            migrationBuilder.CreateIndex(
                name: "ix_weekly_snapshots_team_id_week_start_rank",
                table: "weekly_snapshots",
                columns: new[] { "team_id", "week_start", "rank" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "leaderboard_opt_outs");

            migrationBuilder.DropTable(
                name: "leaderboard_watermarks");

            migrationBuilder.DropTable(
                name: "star_period_totals");

            migrationBuilder.DropTable(
                name: "weekly_posts");

            migrationBuilder.DropTable(
                name: "weekly_snapshots");
        }
    }
}
