using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SlackChampionBot.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "champion_nominations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    manager_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    nominee_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    month = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    bonus_entry_id = table.Column<long>(type: "bigint", nullable: true),
                    withdrawn_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    reversal_entry_id = table.Column<long>(type: "bigint", nullable: true),
                    dm_sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    announcement_channel_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    announcement_ts = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    withdrawal_notice_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_champion_nominations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "leaderboard_opt_outs",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    user_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    opted_out_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leaderboard_opt_outs", x => new { x.team_id, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "leaderboard_watermarks",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    last_entry_id = table.Column<long>(type: "bigint", nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leaderboard_watermarks", x => x.team_id);
                });

            migrationBuilder.CreateTable(
                name: "pulse_comments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    survey_id = table.Column<long>(type: "bigint", nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulse_comments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pulse_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    survey_id = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    state = table.Column<int>(type: "integer", nullable: false),
                    claimed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    channel_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    message_ts = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    reminder_state = table.Column<int>(type: "integer", nullable: false),
                    reminder_ts = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    team_group_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    send_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    remind_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    closes_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    clean_up_attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulse_deliveries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pulse_participations",
                columns: table => new
                {
                    survey_id = table.Column<long>(type: "bigint", nullable: false),
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    response_id = table.Column<long>(type: "bigint", nullable: false),
                    comment_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulse_participations", x => new { x.survey_id, x.key });
                });

            migrationBuilder.CreateTable(
                name: "pulse_responses",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    survey_id = table.Column<long>(type: "bigint", nullable: false),
                    answer1 = table.Column<int>(type: "integer", nullable: true),
                    answer2 = table.Column<int>(type: "integer", nullable: true),
                    answer3 = table.Column<int>(type: "integer", nullable: true),
                    answer4 = table.Column<int>(type: "integer", nullable: true),
                    answer5 = table.Column<int>(type: "integer", nullable: true),
                    enps = table.Column<int>(type: "integer", nullable: true),
                    team_group_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulse_responses", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pulse_surveys",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    questions_json = table.Column<string>(type: "text", nullable: false),
                    includes_enps = table.Column<bool>(type: "boolean", nullable: false),
                    allow_comment = table.Column<bool>(type: "boolean", nullable: false),
                    threshold = table.Column<int>(type: "integer", nullable: false),
                    opened_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    local_send_time = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    remind_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    closes_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    audience_resolved_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    reminded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    delivered_count = table.Column<int>(type: "integer", nullable: false),
                    response_count = table.Column<int>(type: "integer", nullable: false),
                    salt = table.Column<byte[]>(type: "bytea", nullable: true),
                    cleaned_up_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pulse_surveys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "slack_event_inbox",
                columns: table => new
                {
                    event_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    event_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    raw_json = table.Column<string>(type: "text", nullable: true),
                    received_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    transport = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, defaultValue: "unknown"),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    processed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_slack_event_inbox", x => x.event_id);
                });

            migrationBuilder.CreateTable(
                name: "slack_users",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    user_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    display_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    is_bot = table.Column<bool>(type: "boolean", nullable: false),
                    is_deleted = table.Column<bool>(type: "boolean", nullable: false),
                    is_guest = table.Column<bool>(type: "boolean", nullable: false),
                    fetched_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_slack_users", x => new { x.team_id, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "star_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    giver_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    receiver_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    amount = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<int>(type: "integer", nullable: false),
                    win_id = table.Column<long>(type: "bigint", nullable: true),
                    reverses_entry_id = table.Column<long>(type: "bigint", nullable: true),
                    source_event_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    natural_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_star_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "star_period_totals",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    receiver_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    stars = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_star_period_totals", x => new { x.team_id, x.kind, x.period_start, x.receiver_id });
                });

            migrationBuilder.CreateTable(
                name: "star_refusals",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    giver_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    receiver_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    rule = table.Column<int>(type: "integer", nullable: false),
                    stars = table.Column<int>(type: "integer", nullable: false),
                    win_id = table.Column<long>(type: "bigint", nullable: true),
                    natural_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_star_refusals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "titles",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    user_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    natural_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    period_start = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    period_end = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    nomination_id = table.Column<long>(type: "bigint", nullable: true),
                    milestone_stars = table.Column<int>(type: "integer", nullable: true),
                    win_id = table.Column<long>(type: "bigint", nullable: true),
                    granted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    celebrated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    revoked_by = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_titles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "user_group_handles",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    handle = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    group_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    resolved_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_group_handles", x => new { x.team_id, x.handle });
                });

            migrationBuilder.CreateTable(
                name: "user_group_members",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    group_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    user_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    synced_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_group_members", x => new { x.team_id, x.group_id, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "user_groups",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    group_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    handle = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    synced_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    state = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_groups", x => new { x.team_id, x.group_id });
                });

            migrationBuilder.CreateTable(
                name: "weekly_posts",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    week_start = table.Column<DateOnly>(type: "date", nullable: false),
                    state = table.Column<int>(type: "integer", nullable: false),
                    due_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    claimed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    posted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    channel_id = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    message_ts = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    champion_user_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_weekly_posts", x => new { x.team_id, x.week_start });
                });

            migrationBuilder.CreateTable(
                name: "weekly_snapshots",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    week_start = table.Column<DateOnly>(type: "date", nullable: false),
                    user_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false),
                    stars = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_weekly_snapshots", x => new { x.team_id, x.week_start, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "wins",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    channel_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    message_ts = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    poster_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    text = table.Column<string>(type: "character varying(40000)", maxLength: 40000, nullable: false),
                    customer = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    stage = table.Column<int>(type: "integer", nullable: true),
                    experience = table.Column<int>(type: "integer", nullable: true),
                    kpi = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    permalink = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    source = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_edit_ts = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    reply_ts = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    celebration = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_wins", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "win_credits",
                columns: table => new
                {
                    win_id = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    team_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
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
                name: "ix_pulse_comments_survey_id",
                table: "pulse_comments",
                column: "survey_id");

            migrationBuilder.CreateIndex(
                name: "ix_pulse_deliveries_survey_id_state_send_at",
                table: "pulse_deliveries",
                columns: new[] { "survey_id", "state", "send_at" });

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
                name: "ix_star_entries_team_id_reverses_entry_id",
                table: "star_entries",
                columns: new[] { "team_id", "reverses_entry_id" });

            migrationBuilder.CreateIndex(
                name: "ix_star_entries_team_id_source_event_id",
                table: "star_entries",
                columns: new[] { "team_id", "source_event_id" });

            migrationBuilder.CreateIndex(
                name: "ix_star_entries_team_id_win_id",
                table: "star_entries",
                columns: new[] { "team_id", "win_id" });

            migrationBuilder.CreateIndex(
                name: "ix_star_period_totals_board",
                table: "star_period_totals",
                columns: new[] { "team_id", "kind", "period_start", "stars", "receiver_id" },
                descending: new[] { false, false, false, true, false });

            migrationBuilder.CreateIndex(
                name: "ix_star_refusals_team_id_created_at",
                table: "star_refusals",
                columns: new[] { "team_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_star_refusals_team_id_giver_id",
                table: "star_refusals",
                columns: new[] { "team_id", "giver_id" });

            migrationBuilder.CreateIndex(
                name: "ix_star_refusals_team_id_natural_key",
                table: "star_refusals",
                columns: new[] { "team_id", "natural_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_star_refusals_team_id_receiver_id",
                table: "star_refusals",
                columns: new[] { "team_id", "receiver_id" });

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

            migrationBuilder.CreateIndex(
                name: "ix_user_group_members_team_id_user_id",
                table: "user_group_members",
                columns: new[] { "team_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_user_groups_team_id_handle",
                table: "user_groups",
                columns: new[] { "team_id", "handle" });

            migrationBuilder.CreateIndex(
                name: "ix_weekly_snapshots_team_id_week_start_rank",
                table: "weekly_snapshots",
                columns: new[] { "team_id", "week_start", "rank" });

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
                name: "champion_nominations");

            migrationBuilder.DropTable(
                name: "leaderboard_opt_outs");

            migrationBuilder.DropTable(
                name: "leaderboard_watermarks");

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

            migrationBuilder.DropTable(
                name: "slack_event_inbox");

            migrationBuilder.DropTable(
                name: "slack_users");

            migrationBuilder.DropTable(
                name: "star_entries");

            migrationBuilder.DropTable(
                name: "star_period_totals");

            migrationBuilder.DropTable(
                name: "star_refusals");

            migrationBuilder.DropTable(
                name: "titles");

            migrationBuilder.DropTable(
                name: "user_group_handles");

            migrationBuilder.DropTable(
                name: "user_group_members");

            migrationBuilder.DropTable(
                name: "user_groups");

            migrationBuilder.DropTable(
                name: "weekly_posts");

            migrationBuilder.DropTable(
                name: "weekly_snapshots");

            migrationBuilder.DropTable(
                name: "win_credits");

            migrationBuilder.DropTable(
                name: "wins");
        }
    }
}
