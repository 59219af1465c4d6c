using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Slack.Dispatch;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.Interaction;
using SlackChampionBot.Slack.SocketMode;
using SlackChampionBot.Slack.Tests.TestSupport;

namespace SlackChampionBot.Slack.Tests.Dispatch;

/// <summary>Signed but malformed payloads of every kind: a 400 over HTTP, an ack and one log line over Socket Mode, nothing stored or run.</summary>
public sealed class MalformedPayloadTests
{
    private const string Reaction = """{"type":"reaction_added","user":"U1","reaction":"star","item_user":"U2","item":{"type":"message","channel":"C1","ts":"1.2"},"event_ts":"1.3"}""";
    private const string Button = """{"type":"block_actions","user":{"id":"W1","team_id":"T1"},"team":{"id":"T1"},"actions":[{"action_id":"like","block_id":"b","type":"button","value":"v","action_ts":"1.2"}]}""";
    private const string Submission = """{"type":"view_submission","team":{"id":"T1"},"user":{"id":"W1"},"view":{"id":"V1","callback_id":"win_modal","state":{"values":{"what":{"what_input":{"type":"plain_text_input","value":"shipped it"}}}}}}""";
    private const string Closed = """{"type":"view_closed","team":{"id":"T1"},"user":{"id":"W1"},"view":{"id":"V1","callback_id":"win_modal"},"is_cleared":false}""";
    private const string Suggestion = """{"type":"block_suggestion","action_id":"colleague","block_id":"b","value":"Lov","user":{"id":"W1"},"team":{"id":"T1"}}""";

    private static Task<SlackTestHost> StartAsync(LogCapture? logs = null, Action<SlackServiceConfiguration>? configure = null, bool socketMode = false, string? secret = SlackTestHost.Secret) =>
        SlackTestHost.StartAsync(
            c =>
            {
                c.RegisterEventHandler<Event, AnyEventHandler>()
                    .RegisterSlashCommandHandler<WinCommand>(WinCommand.Command)
                    .RegisterBlockActionHandler<ButtonAction, LikeButton>(LikeButton.ActionId)
                    .RegisterBlockActionHandler<ButtonAction, ThrowingButton>("explode")
                    .RegisterViewSubmissionHandler<WinModal>(WinModal.CallbackId)
                    .RegisterBlockOptionProvider<ColleagueOptions>(ColleagueOptions.ActionId);
                configure?.Invoke(c);
            },
            secret,
            socketMode,
            services: s =>
            {
                if (logs is not null)
                {
                    s.AddSingleton<ILoggerProvider>(logs);
                }
            });

    [Fact]
    public async Task Baselines_WellFormed_AreAcceptedAndHandled()
    {
        await using var host = await StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await host.PostEvent(SlackTestHost.Event("EvOk", Reaction))).StatusCode);
        foreach (var payload in new[] { Button, Submission, Closed, Suggestion })
        {
            Assert.Equal(HttpStatusCode.OK, (await host.PostPayload("/slack/action", payload)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await host.PostForm("/slack/command", "team_id=T9&channel_id=C1&user_id=U1&command=%2Fwin&text=x")).StatusCode);
        await SlackTestHost.WaitUntil(() => host.Recorder.For(nameof(AnyEventHandler)).Count == 1, "event handled");
        Assert.Single(host.Recorder.For(nameof(LikeButton)));
        Assert.Single(host.Recorder.For(nameof(WinModal)));
        Assert.Single(host.Recorder.For(nameof(WinModal) + ".Close"));
        Assert.Single(host.Recorder.For(nameof(ColleagueOptions)));
        Assert.Single(host.Recorder.For(nameof(WinCommand)));
    }

    [Theory]
    [InlineData("""{"type":"reaction_added","user":null,"reaction":"star","item":{"type":"message","channel":"C1","ts":"1.2"}}""")]
    [InlineData("""{"type":"reaction_added","reaction":"star","item":{"type":"message","channel":"C1","ts":"1.2"}}""")]
    [InlineData("""{"type":"reaction_added","user":"U1","reaction":"star","item":null}""")]
    [InlineData("""{"type":"reaction_added","user":"U1","reaction":"star","item":"message"}""")]
    [InlineData("""{"type":"reaction_removed","user":"U1","reaction":5,"item":{"type":"message"}}""")]
    [InlineData("""{"type":"reaction_added","user":"","reaction":"star","item":{"type":"message"}}""")]
    [InlineData("""{"type":"reaction_added","user":"<@U1|bob>","reaction":"star","item":{"type":"message"}}""")]
    [InlineData("""{"type":"reaction_added","user":"U1","item_user":"bob","reaction":"star","item":{"type":"message"}}""")]
    [InlineData("""{"type":"app_home_opened","user":"U 1","channel":"D1","tab":"home"}""")]
    [InlineData("""{"type":"message","channel":"C1","user":"U1","text":5,"ts":"1.1"}""")]
    [InlineData("""{"type":"message","channel":["C1"],"user":"U1","text":"hi","ts":"1.1"}""")]
    [InlineData("""{"type":"message","channel":"C1","user":"U1","text":"hi","ts":"1.1","edited":"yes"}""")]
    [InlineData("""{"type":"message","channel":"C1","user":"U1","text":"hi","ts":"1.1","hidden":"true"}""")]
    [InlineData("""{"type":"message","subtype":"message_changed","channel":"C1","ts":"1.1","message":"new"}""")]
    [InlineData("""{"type":"message","subtype":"message_changed","channel":"C1","ts":"1.1","message":{"text":{"a":1}}}""")]
    [InlineData("""{"type":"message","subtype":"message_deleted","channel":"C1","ts":"1.1","deleted_ts":1.1}""")]
    [InlineData("""{"type":"app_home_opened","user":null,"channel":"D1","tab":"home"}""")]
    [InlineData("""{"type":"app_home_opened","user":"U1","tab":["home"]}""")]
    [InlineData("""{"type":"member_joined_channel","user":"U1"}""")]
    [InlineData("""{"type":null}""")]
    [InlineData("""{"type":"app_mention","event_ts":{}}""")]
    public async Task Event_SignedButMalformedInnerEvent_Returns400AndStoresNothing(string innerEvent)
    {
        await using var host = await StartAsync();

        var response = await host.PostEvent(SlackTestHost.Event("EvBad", innerEvent));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, host.Inbox.Count);
    }

    [Theory]
    [InlineData("""{"type":"event_callback","team_id":"T1","event_id":"EvX","event_time":"soon","event":{"type":"message"}}""")]
    [InlineData("""{"type":"event_callback","team_id":"T1","event_id":"EvX","event_time":1e300,"event":{"type":"message"}}""")]
    [InlineData("""{"type":"event_callback","team_id":null,"event_id":"EvX","event":{"type":"message"}}""")]
    [InlineData("""{"type":"event_callback","event_id":"EvX","event":{"type":"message"}}""")]
    [InlineData("""{"type":"event_callback","team_id":"T1","event_id":"EvX","api_app_id":5,"event":{"type":"message"}}""")]
    [InlineData("""{"type":"event_callback","team_id":"T1","event_id":"EvX","is_ext_shared_channel":"no","event":{"type":"message"}}""")]
    [InlineData("""{"type":"event_callback","team_id":"T1","event_id":"EvX","event":null}""")]
    [InlineData("""{"type":"event_callback","team_id":"T1","event_id":"EvX","event":[]}""")]
    public async Task Event_SignedButMalformedEnvelope_Returns400AndStoresNothing(string body)
    {
        await using var host = await StartAsync();

        var response = await host.PostEvent(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, host.Inbox.Count);
    }

    [Fact]
    public async Task Event_NestedTooDeep_Returns400()
    {
        await using var host = await StartAsync();
        var deep = new string('[', 200) + new string(']', 200);

        var response = await host.PostEvent(SlackTestHost.Event("EvDeep", $$"""{"type":"message","channel":"C1","blocks":{{deep}}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, host.Inbox.Count);
    }

    [Theory]
    [InlineData("""{"type":"block_actions","user":null,"team":{"id":"T1"},"actions":[{"action_id":"like","type":"button"}]}""")]
    [InlineData("""{"type":"block_actions","team":{"id":"T1"},"actions":[{"action_id":"like","type":"button"}]}""")]
    [InlineData("""{"type":"block_actions","user":{"team_id":"T1"},"actions":[{"action_id":"like","type":"button"}]}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"","team_id":"T1"},"actions":[{"action_id":"like","type":"button"}]}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"W1","team_id":"T1"},"actions":null}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"W1","team_id":"T1"},"actions":{"action_id":"like"}}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"W1","team_id":"T1"},"actions":[{"action_id":"like","type":"button","value":5}]}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"W1","team_id":"T1"},"actions":[{"action_id":"like","type":"button","block_id":["b"]}]}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"W1"},"actions":[{"action_id":"like","type":"button"}]}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"W1"},"team":{"id":5},"actions":[{"action_id":"like","type":"button"}]}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"W1"},"team":{},"actions":[{"action_id":"like","type":"button"}]}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"W1","team_id":"T1"},"channel":{"name":"c"},"actions":[{"action_id":"like","type":"button"}]}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"W1","team_id":"T1"},"message":{"text":5},"actions":[{"action_id":"like","type":"button"}]}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"W1","team_id":"T1"},"container":{"is_ephemeral":"yes"},"actions":[{"action_id":"like","type":"button"}]}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"W1","team_id":"T1"},"view":{"id":"V1","state":{"values":{"b":null}}},"actions":[{"action_id":"like","type":"button"}]}""")]
    [InlineData("""{"type":"view_submission","team":{"id":"T1"},"user":{"id":"W1"},"view":null}""")]
    [InlineData("""{"type":"view_submission","team":{"id":"T1"},"user":{"id":"W1"}}""")]
    [InlineData("""{"type":"view_submission","team":{"id":"T1"},"user":null,"view":{"id":"V1","callback_id":"win_modal"}}""")]
    [InlineData("""{"type":"view_submission","team":{"id":"T1"},"user":{"id":"W1"},"view":{"id":"V1","callback_id":"win_modal","state":null}}""")]
    [InlineData("""{"type":"view_submission","team":{"id":"T1"},"user":{"id":"W1"},"view":{"id":"V1","callback_id":"win_modal","state":{"values":null}}}""")]
    [InlineData("""{"type":"view_submission","team":{"id":"T1"},"user":{"id":"W1"},"view":{"id":"V1","callback_id":"win_modal","state":{"values":{"what":{"what_input":null}}}}}""")]
    [InlineData("""{"type":"view_submission","team":{"id":"T1"},"user":{"id":"W1"},"view":{"id":"V1","callback_id":"win_modal","state":{"values":{"what":{"what_input":{"type":"plain_text_input","value":5}}}}}}""")]
    [InlineData("""{"type":"view_submission","team":{"id":"T1"},"user":{"id":"W1"},"view":{"id":"V1","callback_id":"win_modal","state":{"values":{"what":{"what_input":{"value":"x"}}}}}}""")]
    [InlineData("""{"type":"view_submission","team":{"id":"T1"},"user":{"id":"W1"},"view":{"id":"V1","callback_id":"win_modal","state":{"values":{"w":{"u":{"type":"multi_users_select","selected_users":[null]}}}}}}""")]
    [InlineData("""{"type":"view_submission","team":{"id":"T1"},"user":{"id":"W1"},"view":{"id":"V1","callback_id":"win_modal","state":{"values":{"w":{"s":{"type":"static_select","selected_option":{"text":"x"}}}}}}}""")]
    [InlineData("""{"type":"view_submission","team":{"id":"T1"},"user":{"id":"W1"},"view":{"id":"V1","callback_id":["win_modal"]}}""")]
    [InlineData("""{"type":"view_closed","team":{"id":"T1"},"user":{"id":"W1"},"view":null}""")]
    [InlineData("""{"type":"view_closed","team":{"id":"T1"},"user":{"id":"<@W1>"},"view":{"id":"V1","callback_id":"win_modal"}}""")]
    [InlineData("""{"type":"view_submission","team":{"id":"T1"},"user":{"id":"W1"},"view":{"id":"V1","callback_id":"win_modal","state":{"values":{"w":{"u":{"type":"multi_users_select","selected_users":["U1","@bob"]}}}}}}""")]
    [InlineData("""{"type":"view_closed","team":{"id":"T1"},"user":{"id":"W1"},"view":{"id":"V1","callback_id":"win_modal"},"is_cleared":"no"}""")]
    [InlineData("""{"type":"block_suggestion","action_id":"colleague","value":"x","user":null,"team":{"id":"T1"}}""")]
    [InlineData("""{"type":"block_suggestion","action_id":null,"value":"x","user":{"id":"W1"},"team":{"id":"T1"}}""")]
    [InlineData("""{"type":"block_suggestion","value":"x","user":{"id":"W1"},"team":{"id":"T1"}}""")]
    [InlineData("""{"type":"block_suggestion","action_id":"colleague","value":5,"user":{"id":"W1"},"team":{"id":"T1"}}""")]
    public async Task Interaction_SignedButMalformed_Returns400AndRunsNothing(string payload)
    {
        await using var host = await StartAsync();

        var response = await host.PostPayload("/slack/action", payload);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Recorder.Calls);
    }

    [Fact]
    public async Task BlockActions_MoreThan25Actions_Returns400AndRunsNothing()
    {
        await using var host = await StartAsync();
        var actions = string.Join(',', Enumerable.Repeat("""{"action_id":"like","type":"button","value":"v"}""", 26));

        var response = await host.PostPayload("/slack/action", $$"""{"type":"block_actions","user":{"id":"W1","team_id":"T1"},"actions":[{{actions}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Recorder.Calls);
    }

    [Theory]
    [InlineData("channel_id=C1&user_id=U1&command=%2Fwin&text=x")]
    [InlineData("team_id=&channel_id=C1&user_id=U1&command=%2Fwin&text=x")]
    [InlineData("team_id=T1&user_id=U1&command=%2Fwin&text=x")]
    [InlineData("team_id=T1&channel_id=C1&command=%2Fwin&text=x")]
    [InlineData("team_id=T1&channel_id=C1&user_id=U1&command=%2Fwin&user_id=U2&text=x")]
    [InlineData("team_id=T1&channel_id=C1&user_id=alice&command=%2Fwin&text=x")]
    public async Task Command_SignedButMalformedForm_Returns400AndRunsNothing(string form)
    {
        await using var host = await StartAsync();

        var response = await host.PostForm("/slack/command", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Recorder.Calls);
    }

    [Fact]
    public async Task Interaction_HandlerThrows_LoggedOnceWithoutThePayload()
    {
        var logs = new LogCapture();
        await using var host = await StartAsync(logs);

        var response = await host.PostPayload("/slack/action", """{"type":"block_actions","user":{"id":"W1","team_id":"T1"},"actions":[{"action_id":"explode","type":"button","value":"private-words-4711"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("explode", error.Message);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("private-words-4711", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Event_HandlerThrows_EachFailureLoggedWithTheEventIdWithoutThePayload()
    {
        var logs = new LogCapture();
        await using var host = await SlackTestHost.StartAsync(
            c => c.RegisterEventHandler<ReactionAdded, FlakyReactionHandler>(),
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        host.App.Services.GetRequiredService<FlakyConfig>().FailuresBeforeSuccess = 1;

        await host.PostEvent(SlackTestHost.Event("EvThrows", Reaction.Replace("star", "private-words-4711", StringComparison.Ordinal)));
        await SlackTestHost.WaitUntil(() => host.Inbox.Find("EvThrows")?.Attempts == 1, "first failure");

        var failure = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains("EvThrows", failure.Message);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("private-words-4711", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SocketMode_MalformedPayloadOfEachKind_IsAckedWithOneLogLineAndRunsNothing()
    {
        var logs = new LogCapture();
        await using var server = await FakeSocketModeServer.StartAsync();
        await using var host = await StartAsync(logs, c => c.UseAppLevelToken("xapp-1-TEST").UseApiBaseUrl(_ => server.ApiUrl).Configure((o, _) => o.SocketModeConnections = 1), socketMode: true, secret: null);
        var connection = await server.WaitForConnection(1);
        logs.Clear();

        var envelopes = new (string Type, string Payload)[]
        {
            ("events_api", SlackTestHost.Event("EvSmBad", """{"type":"reaction_added","user":null,"reaction":"star","item":{"type":"message"}}""")),
            ("events_api", """{"type":"event_callback","event_id":"EvNoTeam","event":{"type":"message"}}"""),
            ("slash_commands", """{"team_id":"T1","channel_id":"C1","user_id":5,"command":"/win","text":"x"}"""),
            ("slash_commands", """{"team_id":"T1","channel_id":"C1","command":"/win","text":"x"}"""),
            ("interactive", """{"type":"block_actions","user":{"id":"W1","team_id":"T1"},"actions":null}"""),
            ("interactive", """{"type":"view_submission","team":{"id":"T1"},"user":{"id":"W1"},"view":null}"""),
            ("interactive", """{"type":"view_closed","team":{"id":"T1"},"user":null,"view":{"id":"V1","callback_id":"win_modal"}}"""),
            ("interactive", """{"type":"block_suggestion","action_id":"colleague","value":5,"user":{"id":"W1"},"team":{"id":"T1"}}"""),
        };
        foreach (var (type, payload) in envelopes)
        {
            logs.Clear();
            var id = await server.SendEnvelope(type, JsonNode.Parse(payload)!, acceptsResponsePayload: type != "events_api", connection);

            var ack = await server.WaitForAck(id);

            Assert.False(ack.TryGetProperty("payload", out _), $"{type}: an ack without payload");
            var line = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning);
            Assert.Equal(2326, line.EventId.Id);
        }

        Assert.Empty(host.Recorder.Calls);
        Assert.Equal(0, host.Inbox.Count);
    }

    [Theory]
    [InlineData(typeof(EventCallback))]
    [InlineData(typeof(Event))]
    [InlineData(typeof(MessageEvent))]
    [InlineData(typeof(MessageChanged))]
    [InlineData(typeof(MessageDeleted))]
    [InlineData(typeof(ReactionAdded))]
    [InlineData(typeof(ReactionRemoved))]
    [InlineData(typeof(AppHomeOpened))]
    [InlineData(typeof(MemberJoinedChannel))]
    [InlineData(typeof(SlashCommand))]
    [InlineData(typeof(BlockActionRequest))]
    [InlineData(typeof(ButtonAction))]
    [InlineData(typeof(StaticSelectAction))]
    [InlineData(typeof(UserSelectAction))]
    [InlineData(typeof(ViewSubmission))]
    [InlineData(typeof(ViewClosed))]
    [InlineData(typeof(BlockOptionsRequest))]
    public void PayloadShape_EveryInboundModel_CanBeChecked(Type model)
    {
        var shape = PayloadShape.For(model);

        Assert.Equal(ShapeKind.Object, shape.Kind);
    }
}
