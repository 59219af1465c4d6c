using System.Text.Json.Nodes;

namespace SlackChampionBot.Tests.Hostile;

/// <summary>One kind of payload Slack sends, as recorded from Slack's documentation and the SDKs' fixtures, aimed at the bot's real handlers.</summary>
/// <param name="Transport">How it travels: <c>event</c> (Events API), <c>command</c> (slash command), <c>interactive</c>.</param>
internal sealed record PayloadKind(string Name, string Transport, Func<int, JsonObject> Create);

/// <summary>
/// The payload kinds the hostile-input suite mutates, one well-formed recording of each (a fresh copy per case, with its
/// own event id). The ids are the ones the bot really handles: the wins channel, the /win form, its button.
/// </summary>
internal static class RecordedPayloads
{
    public const string WinsChannel = "C0WINS";

    /// <summary>
    /// One message event in four is in the wins channel, so the wins handlers meet the mutations too; the rest are in
    /// another channel, which the bot ignores after reading it (what most of a workspace's messages are).
    /// </summary>
    private static string ChannelFor(int n) => n % 8 < 2 ? WinsChannel : "C0GENERAL";
    public const string TeamId = Support.BotHarness.TeamId;

    public static IReadOnlyList<PayloadKind> All { get; } =
    [
        Event("message", n => new JsonObject
        {
            ["client_msg_id"] = "f0582a78-72db-4feb-b2f3-1e47d66365c8",
            ["type"] = "message",
            ["text"] = "#win Helped <@U0BOB> move Acme's support desk to the new queue in one afternoon #support",
            ["user"] = "U0ALICE",
            ["ts"] = "1764072000.000100",
            ["team"] = TeamId,
            ["blocks"] = new JsonArray(new JsonObject
            {
                ["type"] = "rich_text",
                ["block_id"] = "Sesm",
                ["elements"] = new JsonArray(new JsonObject
                {
                    ["type"] = "rich_text_section",
                    ["elements"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "#win Helped " }, new JsonObject { ["type"] = "user", ["user_id"] = "U0BOB" }),
                }),
            }),
            ["channel"] = ChannelFor(n),
            ["event_ts"] = "1764072000.000100",
            ["channel_type"] = "channel",
        }),
        Event("message_changed", n => new JsonObject
        {
            ["type"] = "message",
            ["subtype"] = "message_changed",
            ["message"] = new JsonObject
            {
                ["type"] = "message",
                ["user"] = "U0ALICE",
                ["text"] = "#win Helped <@U0BOB> and <@U0CHEN> move Acme's support desk in one afternoon",
                ["edited"] = new JsonObject { ["user"] = "U0ALICE", ["ts"] = "1764072060.000000" },
                ["ts"] = "1764072000.000100",
            },
            ["previous_message"] = new JsonObject { ["type"] = "message", ["user"] = "U0ALICE", ["text"] = "#win Helped <@U0BOB>", ["ts"] = "1764072000.000100" },
            ["channel"] = ChannelFor(n),
            ["hidden"] = true,
            ["ts"] = "1764072060.000200",
            ["event_ts"] = "1764072060.000200",
            ["channel_type"] = "channel",
        }),
        Event("message_deleted", n => new JsonObject
        {
            ["type"] = "message",
            ["subtype"] = "message_deleted",
            ["hidden"] = true,
            ["deleted_ts"] = "1764072000.000100",
            ["channel"] = ChannelFor(n),
            ["previous_message"] = new JsonObject { ["type"] = "message", ["user"] = "U0ALICE", ["text"] = "#win Helped <@U0BOB>", ["ts"] = "1764072000.000100" },
            ["event_ts"] = "1764072100.000300",
            ["ts"] = "1764072100.000300",
            ["channel_type"] = "channel",
        }),
        Event("reaction_added", _ => Reaction("reaction_added")),
        Event("reaction_removed", _ => Reaction("reaction_removed")),
        Event("app_home_opened", _ => new JsonObject
        {
            ["type"] = "app_home_opened",
            ["user"] = "U0ALICE",
            ["channel"] = "D0ALICE",
            ["tab"] = "home",
            ["event_ts"] = "1764072200.000400",
        }),
        new PayloadKind("slash_command", "command", n => new JsonObject
        {
            ["token"] = "bHKJ2n9AW6Ju3MjciOHfbA1b",
            ["team_id"] = TeamId,
            ["team_domain"] = "champions",
            ["channel_id"] = WinsChannel,
            ["channel_name"] = "wins",
            ["user_id"] = "U0ALICE",
            ["user_name"] = "alice",
            ["command"] = (n % 3) switch { 0 => "/stars", 1 => "/leaderboard", _ => "/champion" },
            ["text"] = (n % 3) switch { 0 => "<@U0BOB|bob>", 1 => "week", _ => "list" },
            ["api_app_id"] = "A0APP",
            ["is_enterprise_install"] = "false",
            ["response_url"] = "https://hooks.slack.com/commands/T0TEAM/37053613554/YMB2ZESDLNjNLqSFZ1quhNAh",
            ["trigger_id"] = "37053613634.26768298162.440952c06ef4de2653466a48fe495f93",
        }),
        new PayloadKind("block_actions", "interactive", _ => new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U0ALICE", ["username"] = "alice", ["name"] = "alice", ["team_id"] = TeamId },
            ["api_app_id"] = "A0APP",
            ["token"] = "verification_token",
            ["container"] = new JsonObject { ["type"] = "view", ["view_id"] = "V0HOME" },
            ["trigger_id"] = "111.222.valid",
            ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "champions" },
            ["view"] = new JsonObject
            {
                ["id"] = "V0HOME",
                ["team_id"] = TeamId,
                ["type"] = "home",
                ["private_metadata"] = "",
                ["callback_id"] = "",
                ["state"] = new JsonObject { ["values"] = new JsonObject() },
                ["hash"] = "1596530361.3wRYuk3R",
            },
            ["actions"] = new JsonArray(new JsonObject
            {
                ["action_id"] = "open_win_modal",
                ["block_id"] = "home_actions",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Share a win", ["emoji"] = true },
                ["value"] = "share",
                ["type"] = "button",
                ["action_ts"] = "1596530385.194939",
            }),
        }),
        new PayloadKind("view_submission", "interactive", n => new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "champions" },
            ["user"] = new JsonObject { ["id"] = "U0ALICE", ["username"] = "alice", ["name"] = "alice", ["team_id"] = TeamId },
            ["api_app_id"] = "A0APP",
            ["token"] = "verification_token",
            ["trigger_id"] = "111.222.valid",
            ["view"] = WinForm($"V{n:D8}"),
            ["response_urls"] = new JsonArray(),
        }),
        new PayloadKind("view_closed", "interactive", n => new JsonObject
        {
            ["type"] = "view_closed",
            ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "champions" },
            ["user"] = new JsonObject { ["id"] = "U0ALICE", ["username"] = "alice", ["team_id"] = TeamId },
            ["api_app_id"] = "A0APP",
            ["view"] = WinForm($"V{n:D8}"),
            ["is_cleared"] = false,
        }),
        new PayloadKind("block_suggestion", "interactive", _ => new JsonObject
        {
            ["type"] = "block_suggestion",
            ["user"] = new JsonObject { ["id"] = "U0ALICE", ["username"] = "alice", ["team_id"] = TeamId },
            ["container"] = new JsonObject { ["type"] = "view", ["view_id"] = "V0FORM" },
            ["api_app_id"] = "A0APP",
            ["token"] = "verification_token",
            ["action_id"] = "customer_lookup",
            ["block_id"] = "customer",
            ["value"] = "Acm",
            ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "champions" },
            ["view"] = WinForm("V0FORM"),
        }),
    ];

    private static PayloadKind Event(string name, Func<int, JsonObject> innerEvent) =>
        new(name, "event", n => new JsonObject
        {
            ["token"] = "XXYYZZ",
            ["team_id"] = TeamId,
            ["context_team_id"] = TeamId,
            ["api_app_id"] = "A0APP",
            ["event"] = innerEvent(n),
            ["type"] = "event_callback",
            ["event_id"] = $"EvHOSTILE{n:D9}",
            ["event_time"] = 1764072000 + n,
            ["authorizations"] = new JsonArray(new JsonObject { ["enterprise_id"] = null, ["team_id"] = TeamId, ["user_id"] = "U0BOT", ["is_bot"] = true, ["is_enterprise_install"] = false }),
            ["is_ext_shared_channel"] = false,
            ["event_context"] = "4-eyJldCI6Im1lc3NhZ2UiLCJ0aWQiOiJUMFRFQU0ifQ",
        });

    private static JsonObject Reaction(string type) => new()
    {
        ["type"] = type,
        ["user"] = "U0BOB",
        ["item"] = new JsonObject { ["type"] = "message", ["channel"] = WinsChannel, ["ts"] = "1764072000.000100" },
        ["reaction"] = "star",
        ["item_user"] = "U0ALICE",
        ["event_ts"] = "1764072300.000500",
    };

    /// <summary>The /win form as Slack returns it with a submission: every input filled in.</summary>
    private static JsonObject WinForm(string viewId) => new()
    {
        ["id"] = viewId,
        ["team_id"] = TeamId,
        ["type"] = "modal",
        ["private_metadata"] = "",
        ["callback_id"] = "share_win",
        ["state"] = new JsonObject
        {
            ["values"] = new JsonObject
            {
                ["story"] = new JsonObject { ["story_input"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "Moved Acme's support desk to the new queue in one afternoon" } },
                ["customer"] = new JsonObject { ["customer_input"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "Acme" } },
                ["stage"] = new JsonObject { ["stage_select"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Support" }, ["value"] = "Support" } } },
                ["experience"] = new JsonObject { ["experience_select"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = null } },
                ["kpi"] = new JsonObject { ["kpi_input"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = null } },
                ["credits"] = new JsonObject { ["credits_select"] = new JsonObject { ["type"] = "multi_users_select", ["selected_users"] = new JsonArray("U0BOB", "U0CHEN") } },
            },
        },
        ["hash"] = "1596530361.3wRYuk3R",
        ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Share a win" },
        ["clear_on_close"] = false,
        ["notify_on_close"] = true,
        ["previous_view_id"] = null,
        ["root_view_id"] = viewId,
        ["app_id"] = "A0APP",
        ["external_id"] = "",
        ["app_installed_team_id"] = TeamId,
        ["bot_id"] = "B0BOT",
    };
}
