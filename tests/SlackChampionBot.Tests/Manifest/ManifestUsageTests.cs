using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Slack;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.WebApi;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Manifest;

/// <summary>
/// Ask Slack only for what a feature uses (#11 item 2). Every bot scope and every event in both manifests is mapped here
/// to what needs it: Web API methods the host's compiled code calls (read from its IL), events a registered handler
/// takes, or the registered slash commands. A scope or event that nothing uses fails, and so does a Web API call whose
/// scope the manifest lacks. Adding a scope or event means adding its use to these tables.
/// </summary>
public sealed class ManifestUsageTests
{
    /// <summary>Each bot scope: the Web API methods that need it and the events it delivers (slack-protocol.md §6, §7, §9).</summary>
    private static readonly Dictionary<string, (string[] Methods, string[] Events, string Why)> ScopeUses = new()
    {
        ["chat:write"] = (["chat.postMessage", "chat.postEphemeral", "chat.update", "chat.delete"], [], "win replies, announcements, the weekly post, survey DMs, their clean-up"),
        ["commands"] = ([], [], "the slash commands"),
        ["channels:history"] = ([], ["message.channels"], "wins posted in public wins channels"),
        ["groups:history"] = ([], ["message.groups"], "wins posted in private wins channels (Wins:Channels takes G… ids)"),
        ["channels:read"] = (["conversations.members", "conversations.info"], ["channel_deleted"], "a public channel as the pulse audience; a deleted wins channel takes back its wins' stars"),
        ["groups:read"] = (["conversations.members", "conversations.info"], ["group_deleted"], "a private channel as the pulse audience; a deleted private wins channel takes back its wins' stars"),
        ["reactions:read"] = ([], ["reaction_added", "reaction_removed"], "cheers"),
        ["reactions:write"] = (["reactions.add"], [], "the bot's star on a recorded win"),
        ["users:read"] = (["users.info", "users.list"], [], "time zones, bots, guests and deactivated accounts"),
        ["usergroups:read"] = (["usergroups.list", "usergroups.users.list"], [], "teams, managers, HR and a user-group audience"),
        ["im:write"] = (["conversations.open"], [], "survey DMs, the export DM, champion DMs"),
        ["files:write"] = (["files.getUploadURLExternal", "files.completeUploadExternal"], [], "the CSV export"),
    };

    /// <summary>Web API methods that need no bot scope (apps.connections.open uses the app-level token's connections:write).</summary>
    private static readonly HashSet<string> NoScope = ["auth.test", "chat.getPermalink", "views.open", "views.publish", "views.update", "apps.connections.open"];

    /// <summary>Each event the manifests subscribe to, and the event type a registered handler must take.</summary>
    private static readonly Dictionary<string, Type> EventUses = new()
    {
        ["message.channels"] = typeof(MessageEvent),
        ["message.groups"] = typeof(MessageEvent),
        ["reaction_added"] = typeof(ReactionAdded),
        ["reaction_removed"] = typeof(ReactionRemoved),
        ["app_home_opened"] = typeof(AppHomeOpened),
        ["channel_deleted"] = typeof(ChannelDeleted),
        ["group_deleted"] = typeof(GroupDeleted),
    };

    /// <summary>The Web API methods behind each adapter method.</summary>
    private static readonly Dictionary<string, string[]> AdapterMethods = new()
    {
        ["IAuthApi.Test"] = ["auth.test"],
        ["IChatApi.PostMessage"] = ["chat.postMessage"],
        ["IChatApi.PostEphemeral"] = ["chat.postEphemeral"],
        ["IChatApi.Update"] = ["chat.update"],
        ["IChatApi.GetPermalink"] = ["chat.getPermalink"],
        ["IChatApi.Delete"] = ["chat.delete"],
        ["IConversationsApi.Open"] = ["conversations.open"],
        ["IConversationsApi.Members"] = ["conversations.members"],
        ["IConversationsApi.Info"] = ["conversations.info"],
        ["IReactionsApi.AddToMessage"] = ["reactions.add"],
        ["IUsersApi.Info"] = ["users.info"],
        ["IUsersApi.List"] = ["users.list"],
        ["IUserGroupsApi.List"] = ["usergroups.list"],
        ["IUserGroupUsersApi.List"] = ["usergroups.users.list"],
        ["IViewsApi.Open"] = ["views.open"],
        ["IViewsApi.Publish"] = ["views.publish"],
        ["IViewsApi.Update"] = ["views.update"],
        ["IViewsApi.UpdateByViewId"] = ["views.update"],
        ["IFilesApi.GetUploadUrlExternal"] = ["files.getUploadURLExternal"],
        ["IFilesApi.CompleteUploadExternal"] = ["files.completeUploadExternal"],
        ["IFilesApi.Upload"] = ["files.getUploadURLExternal", "files.completeUploadExternal"],
        ["IAppsConnectionsApi.Open"] = ["apps.connections.open"],
        ["SlackPaginationExtensions.ListAll"] = ["users.list"],
        ["SlackPaginationExtensions.MembersAll"] = ["conversations.members"],
    };

    private static readonly Lazy<HashSet<string>> CalledByHost = new(() =>
    {
        var families = typeof(ISlackApiClient).GetProperties().Select(p => p.PropertyType).Append(typeof(SlackPaginationExtensions)).ToList();
        var calls = HostWebApiCalls.Of(typeof(Program).Assembly, families);
        return [.. calls.SelectMany(c => AdapterMethods.TryGetValue(c, out var methods) ? methods : [$"unmapped adapter method {c}"])];
    });

    public static TheoryData<string> Manifests => new() { "manifest.json", "manifest.http.json" };

    [Theory]
    [MemberData(nameof(Manifests))]
    public async Task Manifest_EveryScope_IsUsedByAFeature(string file)
    {
        var (scopes, events) = Read(file);
        var registry = await HandlerRegistry();

        foreach (var scope in scopes)
        {
            Assert.True(ScopeUses.TryGetValue(scope, out var use), $"{file} asks for {scope}, which no feature uses: remove it, or add what uses it to ManifestUsageTests.ScopeUses");
            var used = use.Methods.Any(CalledByHost.Value.Contains)
                || use.Events.Any(e => events.Contains(e) && IsHandled(registry, e))
                || (scope == "commands" && registry.SlashCommands.Count > 0);
            Assert.True(used, $"{file} asks for {scope} ({use.Why}), but the host calls none of {string.Join(", ", use.Methods)} and handles none of {string.Join(", ", use.Events)}");
        }
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public async Task Manifest_EveryEvent_HasAHandlerAndItsScope(string file)
    {
        var (scopes, events) = Read(file);
        var registry = await HandlerRegistry();

        foreach (var slackEvent in events)
        {
            Assert.True(EventUses.ContainsKey(slackEvent), $"{file} subscribes to {slackEvent}, which no feature uses: remove it, or add its handler to ManifestUsageTests.EventUses");
            Assert.True(IsHandled(registry, slackEvent), $"{file} subscribes to {slackEvent}, but no handler for {EventUses[slackEvent].Name} is registered");
            var needs = ScopeUses.Where(s => s.Value.Events.Contains(slackEvent)).Select(s => s.Key).ToList();
            Assert.True(needs.Count == 0 || needs.Any(scopes.Contains), $"{file} subscribes to {slackEvent} without {string.Join(" or ", needs)}");
        }

        Assert.Equal(registry.SlashCommands.Keys.Order(), Manifest(file).GetProperty("features").GetProperty("slash_commands").EnumerateArray().Select(c => c.GetProperty("command").GetString()).Order());
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Host_EveryWebApiMethodItCalls_HasItsScopeInTheManifest(string file)
    {
        var (scopes, _) = Read(file);

        Assert.Contains("chat.postMessage", CalledByHost.Value); // the IL scan sees calls
        foreach (var method in CalledByHost.Value)
        {
            var needs = ScopeUses.Where(s => s.Value.Methods.Contains(method)).Select(s => s.Key).ToList();
            Assert.True(NoScope.Contains(method) || needs.Count > 0, $"The host calls {method}: add the scope it needs to ManifestUsageTests.ScopeUses (or to NoScope)");
            Assert.True(NoScope.Contains(method) || needs.Any(scopes.Contains), $"The host calls {method}, which needs {string.Join(" or ", needs)}, missing from {file}");
        }
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Manifest_AsksForNoDmHistory_AndPeopleCannotTypeToTheBot(string file)
    {
        var (scopes, events) = Read(file);
        var appHome = Manifest(file).GetProperty("features").GetProperty("app_home");

        // Survey DMs stay readable in the Messages tab; nothing reads them back, and nothing listens for what people type.
        Assert.DoesNotContain("im:history", scopes);
        Assert.DoesNotContain("mpim:history", scopes);
        Assert.DoesNotContain("message.im", events);
        Assert.DoesNotContain("message.mpim", events);
        Assert.True(appHome.GetProperty("messages_tab_enabled").GetBoolean());
        Assert.True(appHome.GetProperty("messages_tab_read_only_enabled").GetBoolean());
    }

    [Fact]
    public void AdapterMethods_EveryWebApiMethodOfTheAdapter_IsMapped()
    {
        var methods = typeof(ISlackApiClient).GetProperties().Select(p => p.PropertyType)
            .SelectMany(t => t.GetMethods().Select(m => $"{t.Name}.{m.Name}"))
            .Concat(typeof(SlackPaginationExtensions).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => $"{nameof(SlackPaginationExtensions)}.{m.Name}"));

        Assert.All(methods, m => Assert.True(AdapterMethods.ContainsKey(m), $"{m}: add the Web API methods it calls to ManifestUsageTests.AdapterMethods"));
    }

    private static bool IsHandled(SlackHandlerRegistry registry, string slackEvent) =>
        EventUses.TryGetValue(slackEvent, out var type) && registry.EventHandlers.Any(h => h.EventType.IsAssignableFrom(type));

    private static async Task<SlackHandlerRegistry> HandlerRegistry()
    {
        await using var bot = await BotHarness.Start();
        return bot.Services.GetRequiredService<SlackHandlerRegistry>();
    }

    private static (List<string> Scopes, List<string> Events) Read(string file)
    {
        var root = Manifest(file);
        return (
            [.. root.GetProperty("oauth_config").GetProperty("scopes").GetProperty("bot").EnumerateArray().Select(s => s.GetString()!)],
            [.. root.GetProperty("settings").GetProperty("event_subscriptions").GetProperty("bot_events").EnumerateArray().Select(e => e.GetString()!)]);
    }

    private static JsonElement Manifest(string file) => ManifestTests.Load(file);
}
