using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SlackChampionBot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SlackEventInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "slack_event_inbox",
                columns: table => new
                {
                    event_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    event_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    raw_json = table.Column<string>(type: "TEXT", nullable: false),
                    received_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    processed_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_slack_event_inbox", x => x.event_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_slack_event_inbox_status_next_attempt_at",
                table: "slack_event_inbox",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_slack_event_inbox_team_id_received_at",
                table: "slack_event_inbox",
                columns: new[] { "team_id", "received_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "slack_event_inbox");
        }
    }
}
