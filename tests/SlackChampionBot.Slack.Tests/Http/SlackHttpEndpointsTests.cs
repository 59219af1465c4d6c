using SlackChampionBot.Slack.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using System.Text.Json;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.Interaction;
using SlackChampionBot.Slack.Tests.TestSupport;

namespace SlackChampionBot.Slack.Tests.Http;

public sealed class SlackHttpEndpointsTests
{
    private static Task<SlackTestHost> StartAsync(Action<ServiceCollectionSlackServiceConfiguration>? configure = null, string? secret = SlackTestHost.Secret, bool socketMode = false) =>
        SlackTestHost.StartAsync(
            c =>
            {
                c.RegisterEventHandler<MessageEvent, MessageHandler>()
                    .RegisterSlashCommandHandler<WinCommand>(WinCommand.Command)
                    .RegisterSlashCommandHandler<ThrowingCommand>("/broken")
                    .RegisterBlockActionHandler<ButtonAction, LikeButton>(LikeButton.ActionId)
                    .RegisterBlockActionHandler<StaticSelectAction, PickSelect>(PickSelect.ActionId)
                    .RegisterBlockActionHandler<ButtonAction, ThrowingButton>("explode")
                    .RegisterViewSubmissionHandler<WinModal>(WinModal.CallbackId)
                    .RegisterBlockOptionProvider<ColleagueOptions>(ColleagueOptions.ActionId);
                configure?.Invoke(c);
            },
            secret,
            socketMode);

    [Fact]
    public async Task Event_SignedMessage_Returns200AndHandlerGetsTypedEventWithContext()
    {
        await using var host = await StartAsync();

        var response = await host.PostEvent(SlackTestHost.MessageEvent("Ev1", "thanks <@U333>"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        await SlackTestHost.WaitUntil(() => host.Recorder.For(nameof(MessageHandler)).Count == 1, "message handled");
        var call = host.Recorder.For(nameof(MessageHandler)).Single();
        var message = Assert.IsType<MessageEvent>(call.Item);
        Assert.Equal("thanks <@U333>", message.Text);
        Assert.Equal("C111", message.Channel);
        Assert.Equal("T111", call.TeamId);
        Assert.Equal("Ev1", call.EventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1610241741), call.EventTime);
        Assert.Equal("http", call.Transport);
    }

    [Fact]
    public async Task Event_RetryOfSameEventId_Returns200AndIsStoredAndHandledOnce()
    {
        await using var host = await StartAsync();
        var body = SlackTestHost.MessageEvent("EvDup");

        var first = await host.PostEvent(body);
        var retry = await host.PostEvent(body, retryNum: 1);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => host.PostEvent(body, retryNum: 2)));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.All(concurrent, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, host.Inbox.Count);
        await SlackTestHost.WaitUntil(() => host.Inbox.Find("EvDup")?.Status == SlackChampionBot.Slack.Inbox.SlackInboxStatus.Done, "event done");
        Assert.Single(host.Recorder.For(nameof(MessageHandler)));
    }

    [Fact]
    public async Task Event_BadSignature_Returns401EmptyAndStoresNothing()
    {
        await using var host = await StartAsync();

        var response = await host.PostEvent(SlackTestHost.MessageEvent("EvBad"), signature: "v0=" + new string('0', 64));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, host.Inbox.Count);
    }

    [Fact]
    public async Task Event_StaleTimestamp_Returns401()
    {
        await using var host = await StartAsync();
        var body = Encoding.UTF8.GetBytes(SlackTestHost.MessageEvent("EvOld"));
        var old = (SlackTestHost.Start.ToUnixTimeSeconds() - 301).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await host.Post("/slack/event", body, "application/json", timestamp: old);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, host.Inbox.Count);
    }

    [Fact]
    public async Task Event_UrlVerification_ReturnsChallengeJson()
    {
        await using var host = await StartAsync();
        const string body = """{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""";

        var response = await host.PostEvent(body, signature: "v0=f9bd80929259f3f6d5fe3a3186c453c89cd1ad4862815a15837584f31c993652", timestamp: "1531420618");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", json.RootElement.GetProperty("challenge").GetString());
    }

    [Fact]
    public async Task Event_UrlVerificationUnsigned_Returns401()
    {
        await using var host = await StartAsync();

        var response = await host.PostEvent("""{"challenge":"c","type":"url_verification"}""", signature: "v0=" + new string('a', 64));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("""{"type":"event_callback","team_id":"T1","event":{"type":"message"}}""")]
    [InlineData("""{"type":"event_callback","team_id":"T1","event_id":"Ev9"}""")]
    [InlineData("""{"type":"event_callback","team_id":"T1","event_id":5,"event":{"type":"message"}}""")]
    [InlineData("""{"type":"event_callback","event_id":"Ev9","event":{"type":"message"}} trailing""")]
    [InlineData("""{"type":"url_verification"}""")]
    [InlineData("""{"no_type":true}""")]
    public async Task Event_MalformedSignedBody_Returns400AndStoresNothing(string body)
    {
        await using var host = await StartAsync();

        var response = await host.PostEvent(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, host.Inbox.Count);
    }

    [Fact]
    public async Task Event_OtherEnvelopeType_Returns200WithoutStoring()
    {
        await using var host = await StartAsync();

        var response = await host.PostEvent("""{"token":"x","type":"app_rate_limited","team_id":"T1","minute_rate_limited":1518467820,"api_app_id":"A1"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, host.Inbox.Count);
    }

    [Fact]
    public async Task Event_ContentLengthOverLimit_Returns413()
    {
        await using var host = await StartAsync(c => c.Configure((o, _) => o.MaxRequestBodyBytes = 1000));
        var body = Encoding.UTF8.GetBytes(SlackTestHost.MessageEvent("EvBig", new string('a', 1200)));

        var response = await host.Post("/slack/event", body, "application/json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, host.Inbox.Count);
    }

    [Fact]
    public async Task Event_ChunkedBodyOverLimit_Returns413()
    {
        await using var host = await StartAsync(c => c.Configure((o, _) => o.MaxRequestBodyBytes = 1000));
        var body = Encoding.UTF8.GetBytes(SlackTestHost.MessageEvent("EvBig", new string('a', 5000)));

        var response = await host.Post("/slack/event", body, "application/json", sendLength: false);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, host.Inbox.Count);
    }

    [Fact]
    public async Task Event_ChunkedBodyUnderLimit_IsAccepted()
    {
        await using var host = await StartAsync();
        var body = Encoding.UTF8.GetBytes(SlackTestHost.MessageEvent("EvChunked", new string('a', 20_000)));

        var response = await host.Post("/slack/event", body, "application/json", sendLength: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, host.Inbox.Count);
    }

    [Theory]
    [InlineData("/slack/command")]
    [InlineData("/slack/action")]
    [InlineData("/slack/options")]
    [InlineData("/slack/event")]
    public async Task SslCheck_UnsignedForm_Returns200EmptyAndDispatchesNothing(string path)
    {
        await using var host = await StartAsync();

        var response = await host.PostForm(path, "ssl_check=1&token=x&command=%2Fwin&user_id=U1&text=smuggled", signature: "v0=nope");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Empty(host.Recorder.Calls);
    }

    [Fact]
    public async Task Command_DocumentedSignedVector_IsVerifiedAndAnsweredNotSetUp()
    {
        await using var host = await StartAsync();
        const string body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

        var response = await host.PostForm("/slack/command", body, signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", timestamp: "1531420618");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ephemeral", json.RootElement.GetProperty("response_type").GetString());
        Assert.Contains("/webhook-collect", json.RootElement.GetProperty("text").GetString());
        Assert.Contains("isn't set up", json.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Command_Registered_ReturnsHandlerResponseJson()
    {
        await using var host = await StartAsync();

        var response = await host.PostForm("/slack/command", "team_id=T9&channel_id=C1&user_id=U1&command=%2Fwin&text=a+%3C%26%3E+b&trigger_id=t1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("in_channel", json.RootElement.GetProperty("response_type").GetString());
        Assert.Equal("Win: a &lt;&amp;&gt; b", json.RootElement.GetProperty("text").GetString());
        var call = host.Recorder.For(nameof(WinCommand)).Single();
        Assert.Equal("a <&> b", ((SlashCommand)call.Item!).Text);
        Assert.Equal("T9", call.TeamId);
    }

    [Fact]
    public async Task Command_HandlerAnswersNone_Returns200Empty()
    {
        await using var host = await StartAsync();

        var response = await host.PostForm("/slack/command", "team_id=T9&channel_id=C1&user_id=U1&command=%2Fwin&text=quiet");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Command_HandlerThrows_ReturnsFriendlyEphemeral()
    {
        await using var host = await StartAsync();

        var response = await host.PostForm("/slack/command", "team_id=T9&channel_id=C1&user_id=U1&command=%2Fbroken&text=");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ephemeral", json.RootElement.GetProperty("response_type").GetString());
        Assert.Contains("something went wrong", json.RootElement.GetProperty("text").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Command_MissingCommandField_Returns400()
    {
        await using var host = await StartAsync();

        var response = await host.PostForm("/slack/command", "team_id=T9&user_id=U1&text=x");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Action_ButtonAndSelect_ArePassedTypedToTheirHandlers()
    {
        await using var host = await StartAsync();
        const string button = """{"type":"block_actions","user":{"id":"W111","username":"u","team_id":"T111"},"api_app_id":"A111","container":{"type":"message","message_ts":"111.222","channel_id":"C111"},"trigger_id":"111.222.valid","team":{"id":"T111","domain":"d"},"channel":{"id":"C111","name":"c"},"response_url":"https://hooks.slack.com/actions/T111/1/x","actions":[{"action_id":"like","block_id":"b","text":{"type":"plain_text","text":"Button","emoji":true},"value":"click_me_123","type":"button","action_ts":"1596530385.194939"}]}""";
        const string select = """{"type":"block_actions","user":{"id":"W111"},"team":{"id":"T222"},"actions":[{"action_id":"pick","block_id":"b2","type":"static_select","selected_option":{"text":{"type":"plain_text","text":"Two"},"value":"2"},"action_ts":"1.2"}]}""";

        var first = await host.PostPayload("/slack/action", button);
        var second = await host.PostPayload("/slack/action", select);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(string.Empty, await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var like = host.Recorder.For(nameof(LikeButton)).Single();
        var (action, request) = ((ButtonAction, BlockActionRequest))like.Item!;
        Assert.Equal("click_me_123", action.Value);
        Assert.Equal("b", action.BlockId);
        Assert.Equal("111.222.valid", request.TriggerId);
        Assert.Equal("C111", request.Channel?.Id);
        Assert.Equal("T111", like.TeamId);
        var pick = host.Recorder.For(nameof(PickSelect)).Single();
        Assert.Equal("2", ((StaticSelectAction)pick.Item!).SelectedOption?.Value);
        Assert.Equal("T222", pick.TeamId);
        Assert.NotEqual(like.ScopeId, pick.ScopeId);
    }

    [Fact]
    public async Task Action_HandlerThrowsOrUnknownAction_Returns200Empty()
    {
        await using var host = await StartAsync();

        var thrown = await host.PostPayload("/slack/action", """{"type":"block_actions","user":{"id":"W1","team_id":"T1"},"actions":[{"action_id":"explode","type":"button","value":"v"}]}""");
        var unknown = await host.PostPayload("/slack/action", """{"type":"block_actions","user":{"id":"W1","team_id":"T1"},"actions":[{"action_id":"nobody_home","type":"button"}]}""");
        var shortcut = await host.PostPayload("/slack/action", """{"type":"shortcut","callback_id":"x","user":{"id":"W1"}}""");

        Assert.Equal(HttpStatusCode.OK, thrown.StatusCode);
        Assert.Equal(string.Empty, await thrown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shortcut.StatusCode);
    }

    [Theory]
    [InlineData("token=x")]
    [InlineData("payload=%7Bnot+json")]
    [InlineData("payload=%5B1%5D")]
    [InlineData("payload=%7B%22type%22%3A%22view_submission%22%2C%22view%22%3A5%7D")]
    public async Task Action_MissingOrMalformedPayload_Returns400(string form)
    {
        await using var host = await StartAsync();

        var response = await host.PostForm("/slack/action", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ViewSubmission_InvalidInput_ReturnsErrorsResponse()
    {
        await using var host = await StartAsync();
        const string payload = """{"type":"view_submission","team":{"id":"T111"},"user":{"id":"W111"},"view":{"id":"V111","type":"modal","callback_id":"win_modal","private_metadata":"m","state":{"values":{"what":{"what_input":{"type":"plain_text_input","value":"  "}}}}}}""";

        var response = await host.PostPayload("/slack/action", payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("errors", json.RootElement.GetProperty("response_action").GetString());
        Assert.Equal("Say what you won.", json.RootElement.GetProperty("errors").GetProperty("what").GetString());
    }

    [Fact]
    public async Task ViewSubmission_ValidInput_Returns200EmptyToCloseModal()
    {
        await using var host = await StartAsync();
        const string payload = """{"type":"view_submission","team":{"id":"T111"},"user":{"id":"W111"},"view":{"id":"V111","callback_id":"win_modal","state":{"values":{"what":{"what_input":{"type":"plain_text_input","value":"shipped it"}}}}}}""";

        var response = await host.PostPayload("/slack/action", payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Equal("shipped it", ((ViewSubmission)host.Recorder.For(nameof(WinModal)).Single().Item!).View.State.GetValue("what", "what_input")?.Value);
    }

    [Fact]
    public async Task ViewClosed_CallsHandleClose()
    {
        await using var host = await StartAsync();

        var response = await host.PostPayload("/slack/action", """{"type":"view_closed","team":{"id":"T111"},"user":{"id":"W111"},"view":{"id":"V1","callback_id":"win_modal"},"is_cleared":false}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Recorder.For(nameof(WinModal) + ".Close"));
    }

    [Fact]
    public async Task ViewSubmission_UnknownCallback_Returns200Empty()
    {
        await using var host = await StartAsync();

        var response = await host.PostPayload("/slack/action", """{"type":"view_submission","user":{"id":"W111","team_id":"T111"},"view":{"id":"V1","callback_id":"nobody"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Options_BlockSuggestion_ReturnsOptions()
    {
        await using var host = await StartAsync();

        var response = await host.PostPayload("/slack/options", """{"type":"block_suggestion","action_id":"colleague","block_id":"b","value":"Lov","user":{"id":"W1"},"team":{"id":"T1"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var option = json.RootElement.GetProperty("options")[0];
        Assert.Equal("Ada Lov", option.GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("U1", option.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Options_UnknownActionId_ReturnsEmptyOptions()
    {
        await using var host = await StartAsync();

        var response = await host.PostPayload("/slack/options", """{"type":"block_suggestion","action_id":"nope","value":"x","user":{"id":"W1","team_id":"T1"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, json.RootElement.GetProperty("options").GetArrayLength());
    }

    [Fact]
    public async Task Endpoints_SocketModeWithoutSigningSecret_Return404()
    {
        await using var host = await StartAsync(secret: null, socketMode: true);

        var response = await host.PostEvent(SlackTestHost.MessageEvent("EvSock"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, host.Inbox.Count);
    }

    [Fact]
    public async Task Endpoints_SocketModeWithSigningSecret_StillAcceptSignedEvents()
    {
        await using var host = await StartAsync(socketMode: true);

        var response = await host.PostEvent(SlackTestHost.MessageEvent("EvSock2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, host.Inbox.Count);
    }

    [Fact]
    public async Task Event_SignedHttpWhileInSocketMode_IsStoredAndHandledAsHttp()
    {
        await using var host = await StartAsync(socketMode: true);

        await host.PostEvent(SlackTestHost.MessageEvent("EvSockHttp"));
        await SlackTestHost.WaitUntil(() => host.Recorder.For(nameof(MessageHandler)).Count == 1, "message handled");

        Assert.Equal(SlackTransport.Http, host.Inbox.Find("EvSockHttp")!.Transport);
        Assert.Equal(SlackTransport.Http, host.Recorder.For(nameof(MessageHandler)).Single().Transport);
    }

    [Fact]
    public async Task Start_HttpModeWithoutSigningSecret_FailsNamingTheSetting()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(secret: null, socketMode: false));

        Assert.Contains("SigningSecret", exception.Message);
    }

    [Fact]
    public async Task Endpoint_GetRequest_Returns405()
    {
        await using var host = await StartAsync();

        var response = await host.Client.GetAsync("/slack/event");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
