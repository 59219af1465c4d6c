using System.Text.Json;
using System.Text.RegularExpressions;

namespace SlackChampionBot.Tests.Manifest;

/// <summary>
/// The app manifests against the constraints of Slack's manifest schema (manifest.schema.1.0.0.json, summarised in
/// slack-protocol.md §9), and against what the product needs.
/// </summary>
public sealed partial class ManifestTests
{
    private static readonly string[] RootKeys = ["_metadata", "display_information", "features", "oauth_config", "settings", "outgoing_domains", "functions", "workflows", "datastores", "types"];

    public static TheoryData<string> Manifests => new() { "manifest.json", "manifest.http.json" };

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Manifest_SatisfiesSchemaConstraints(string file)
    {
        var root = Load(file);

        Assert.All(root.EnumerateObject(), p => Assert.Contains(p.Name, RootKeys));

        var display = root.GetProperty("display_information");
        AssertLength(display.GetProperty("name").GetString(), 1, 35);
        AssertLength(display.GetProperty("description").GetString(), 1, 140);
        AssertLength(display.GetProperty("long_description").GetString(), 175, 4000);
        Assert.Matches(HexColour(), display.GetProperty("background_color").GetString());

        var features = root.GetProperty("features");
        AssertLength(features.GetProperty("bot_user").GetProperty("display_name").GetString(), 1, 80);
        Assert.True(features.GetProperty("app_home").GetProperty("home_tab_enabled").GetBoolean());

        var commands = features.GetProperty("slash_commands").EnumerateArray().ToList();
        Assert.InRange(commands.Count, 1, 50);
        foreach (var command in commands)
        {
            var name = command.GetProperty("command").GetString()!;
            Assert.Matches("^/", name);
            AssertLength(name, 2, 32);
            AssertLength(command.GetProperty("description").GetString(), 1, 2000);
            AssertLength(command.GetProperty("usage_hint").GetString(), 1, 1000);
            Assert.True(command.GetProperty("should_escape").GetBoolean(), $"{name} must escape so mentions arrive as user IDs");
            if (command.TryGetProperty("url", out var url))
            {
                Assert.Matches("^https?://", url.GetString());
                AssertLength(url.GetString(), 1, 3000);
            }
        }

        Assert.Equal(["/champion", "/leaderboard", "/pulse", "/stars", "/win"], commands.Select(c => c.GetProperty("command").GetString()).Order());

        var scopes = root.GetProperty("oauth_config").GetProperty("scopes").GetProperty("bot").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.InRange(scopes.Count, 1, 255);
        Assert.Equal(scopes.Count, scopes.Distinct().Count());
        Assert.All(scopes, s => AssertLength(s, 1, 50));

        var settings = root.GetProperty("settings");
        var events = settings.GetProperty("event_subscriptions").GetProperty("bot_events").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.InRange(events.Count, 1, 100);
        Assert.Equal(events.Count, events.Distinct().Count());
        Assert.All(events, e => AssertLength(e, 1, 50));
        Assert.True(settings.GetProperty("interactivity").GetProperty("is_enabled").GetBoolean());
        Assert.All(settings.EnumerateObject(), p => Assert.Contains(p.Name, new[] { "allowed_ip_address_ranges", "event_subscriptions", "incoming_webhooks", "interactivity", "org_deploy_enabled", "socket_mode_enabled", "token_rotation_enabled", "is_hosted", "siws_links", "function_runtime", "hermes_app_type" }));

        // Which scopes and events, and why: ManifestUsageTests.
    }

    [Fact]
    public void SocketModeManifest_NeedsNoPublicUrl()
    {
        var settings = Load("manifest.json").GetProperty("settings");

        Assert.True(settings.GetProperty("socket_mode_enabled").GetBoolean());
        Assert.False(settings.GetProperty("event_subscriptions").TryGetProperty("request_url", out _));
        Assert.False(settings.GetProperty("interactivity").TryGetProperty("request_url", out _));
    }

    [Fact]
    public void HttpManifest_PointsEveryRequestAtTheBotsRoutes()
    {
        var root = Load("manifest.http.json");
        var settings = root.GetProperty("settings");

        Assert.False(settings.GetProperty("socket_mode_enabled").GetBoolean());
        Assert.Equal("https://YOUR-HOST/slack/event", settings.GetProperty("event_subscriptions").GetProperty("request_url").GetString());
        Assert.Equal("https://YOUR-HOST/slack/action", settings.GetProperty("interactivity").GetProperty("request_url").GetString());
        Assert.Equal("https://YOUR-HOST/slack/options", settings.GetProperty("interactivity").GetProperty("message_menu_options_url").GetString());
        Assert.All(
            root.GetProperty("features").GetProperty("slash_commands").EnumerateArray(),
            c => Assert.Equal("https://YOUR-HOST/slack/command", c.GetProperty("url").GetString()));
    }

    internal static JsonElement Load(string file)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlackChampionBot.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.FullName, "manifest", file))).RootElement.Clone();
    }

    private static void AssertLength(string? value, int min, int max)
    {
        Assert.NotNull(value);
        Assert.InRange(value.Length, min, max);
    }

    [GeneratedRegex("^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$")]
    private static partial Regex HexColour();
}
