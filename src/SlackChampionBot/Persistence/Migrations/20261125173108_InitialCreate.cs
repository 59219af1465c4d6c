using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SlackChampionBot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
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

            migrationBuilder.CreateTable(
                name: "slack_users",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    is_bot = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_deleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_guest = table.Column<bool>(type: "INTEGER", nullable: false),
                    fetched_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_slack_users", x => new { x.team_id, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "star_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    giver_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    receiver_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    amount = table.Column<int>(type: "INTEGER", nullable: false),
                    reason = table.Column<int>(type: "INTEGER", nullable: false),
                    win_id = table.Column<long>(type: "INTEGER", nullable: true),
                    reverses_entry_id = table.Column<long>(type: "INTEGER", nullable: true),
                    source_event_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    natural_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_star_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "user_group_members",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    group_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    synced_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_group_members", x => new { x.team_id, x.group_id, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "user_groups",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    group_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    handle = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    synced_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_groups", x => new { x.team_id, x.group_id });
                });

            migrationBuilder.CreateTable(
                name: "wins",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    channel_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    message_ts = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    poster_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 40000, nullable: false),
                    customer = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    stage = table.Column<int>(type: "INTEGER", nullable: true),
                    experience = table.Column<int>(type: "INTEGER", nullable: true),
                    kpi = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    permalink = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    source = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    deleted_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_wins", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "workspaces",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    team_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    url = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    bot_user_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    bot_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    first_seen_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    verified_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspaces", x => x.team_id);
                });

            migrationBuilder.CreateTable(
                name: "win_credits",
                columns: table => new
                {
                    win_id = table.Column<long>(type: "INTEGER", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_win_credits", x => new { x.win_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_win_credits_wins_win_id",
                        column: x => x.win_id,
                        principalTable: "wins",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_slack_event_inbox_status_next_attempt_at",
                table: "slack_event_inbox",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_slack_event_inbox_team_id_received_at",
                table: "slack_event_inbox",
                columns: new[] { "team_id", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_star_entries_team_id_created_at_receiver_id",
                table: "star_entries",
                columns: new[] { "team_id", "created_at", "receiver_id" });

            migrationBuilder.CreateIndex(
                name: "ix_star_entries_team_id_giver_id_created_at",
                table: "star_entries",
                columns: new[] { "team_id", "giver_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_star_entries_team_id_natural_key",
                table: "star_entries",
                columns: new[] { "team_id", "natural_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_star_entries_team_id_receiver_id_created_at",
                table: "star_entries",
                columns: new[] { "team_id", "receiver_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_star_entries_team_id_win_id",
                table: "star_entries",
                columns: new[] { "team_id", "win_id" });

            migrationBuilder.CreateIndex(
                name: "ix_user_group_members_team_id_user_id",
                table: "user_group_members",
                columns: new[] { "team_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_user_groups_team_id_handle",
                table: "user_groups",
                columns: new[] { "team_id", "handle" });

            migrationBuilder.CreateIndex(
                name: "ix_win_credits_team_id_user_id",
                table: "win_credits",
                columns: new[] { "team_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_wins_team_id_channel_id_message_ts",
                table: "wins",
                columns: new[] { "team_id", "channel_id", "message_ts" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_wins_team_id_created_at",
                table: "wins",
                columns: new[] { "team_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_wins_team_id_poster_id_created_at",
                table: "wins",
                columns: new[] { "team_id", "poster_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "slack_event_inbox");

            migrationBuilder.DropTable(
                name: "slack_users");

            migrationBuilder.DropTable(
                name: "star_entries");

            migrationBuilder.DropTable(
                name: "user_group_members");

            migrationBuilder.DropTable(
                name: "user_groups");

            migrationBuilder.DropTable(
                name: "win_credits");

            migrationBuilder.DropTable(
                name: "workspaces");

            migrationBuilder.DropTable(
                name: "wins");
        }
    }
}
