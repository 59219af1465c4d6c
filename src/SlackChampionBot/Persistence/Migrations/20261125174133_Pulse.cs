using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SlackChampionBot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Pulse : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pulse_comments",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    survey_id = table.Column<long>(type: "INTEGER", nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulse_comments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pulse_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    survey_id = table.Column<long>(type: "INTEGER", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    state = table.Column<int>(type: "INTEGER", nullable: false),
                    claimed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    channel_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    message_ts = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    reminder_state = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulse_deliveries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pulse_participations",
                columns: table => new
                {
                    survey_id = table.Column<long>(type: "INTEGER", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    response_id = table.Column<long>(type: "INTEGER", nullable: false),
                    comment_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulse_participations", x => new { x.survey_id, x.key });
                });

            migrationBuilder.CreateTable(
                name: "pulse_responses",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    survey_id = table.Column<long>(type: "INTEGER", nullable: false),
                    answer1 = table.Column<int>(type: "INTEGER", nullable: true),
                    answer2 = table.Column<int>(type: "INTEGER", nullable: true),
                    answer3 = table.Column<int>(type: "INTEGER", nullable: true),
                    answer4 = table.Column<int>(type: "INTEGER", nullable: true),
                    answer5 = table.Column<int>(type: "INTEGER", nullable: true),
                    enps = table.Column<int>(type: "INTEGER", nullable: true),
                    team_group_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulse_responses", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pulse_surveys",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    questions_json = table.Column<string>(type: "TEXT", nullable: false),
                    includes_enps = table.Column<bool>(type: "INTEGER", nullable: false),
                    allow_comment = table.Column<bool>(type: "INTEGER", nullable: false),
                    threshold = table.Column<int>(type: "INTEGER", nullable: false),
                    opened_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    remind_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    closes_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    audience_resolved_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    reminded_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    closed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    delivered_count = table.Column<int>(type: "INTEGER", nullable: false),
                    response_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulse_surveys", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_pulse_comments_survey_id",
                table: "pulse_comments",
                column: "survey_id");

            migrationBuilder.CreateIndex(
                name: "ix_pulse_deliveries_survey_id_state",
                table: "pulse_deliveries",
                columns: new[] { "survey_id", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_pulse_deliveries_survey_id_user_id",
                table: "pulse_deliveries",
                columns: new[] { "survey_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pulse_responses_survey_id",
                table: "pulse_responses",
                column: "survey_id");

            migrationBuilder.CreateIndex(
                name: "ix_pulse_surveys_team_id_closed_at",
                table: "pulse_surveys",
                columns: new[] { "team_id", "closed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_pulse_surveys_team_id_number",
                table: "pulse_surveys",
                columns: new[] { "team_id", "number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pulse_comments");

            migrationBuilder.DropTable(
                name: "pulse_deliveries");

            migrationBuilder.DropTable(
                name: "pulse_participations");

            migrationBuilder.DropTable(
                name: "pulse_responses");

            migrationBuilder.DropTable(
                name: "pulse_surveys");
        }
    }
}
