using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.Tests.TestSupport;

namespace SlackChampionBot.Slack.Tests.WebApi;

public sealed class SlackApiClientTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task PostMessage_OkFalse_ThrowsSlackExceptionWithErrorCodeAndIsNotRetried()
    {
        await using var host = await SlackWebApiTestHost.Start();
        host.Fake.Enqueue("chat.postMessage", FakeSlackResponse.Error("invalid_blocks", "[ERROR] bad block"));

        var ex = await Assert.ThrowsAsync<SlackException>(() => host.Client.Chat.PostMessage(new Message { Channel = "C1", Text = "hi" }));

        Assert.Equal("invalid_blocks", ex.ErrorCode);
        Assert.Equal("chat.postMessage", ex.ApiMethod);
        Assert.Equal(["[ERROR] bad block"], ex.ErrorMessages);
        Assert.Single(host.Fake.Calls("chat.postMessage"));
    }

    [Fact]
    public async Task PostMessage_RateLimitedWithRetryAfter2_WaitsItOutThenSucceeds()
    {
        var time = new ObservedFakeTime(Start);
        await using var host = await SlackWebApiTestHost.Start(time: time);
        host.Fake.Enqueue("chat.postMessage", FakeSlackResponse.RateLimited(2));

        var call = host.Client.Chat.PostMessage(new Message { Channel = "C1", Text = "hi" });
        await host.Fake.WaitForCalls("chat.postMessage", 1, TimeSpan.FromSeconds(10));
        // The client sleeps on the clock for Retry-After plus jitter (the attempt timeout, 5 min, is not this wait);
        // 1.9 s later that sleep is still pending, so no retry can have been sent.
        var pause = await time.WaitForTimer(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.True(time.IsPending(pause));
        Assert.Single(host.Fake.Calls("chat.postMessage"));

        var response = await host.Drive(call);

        var calls = host.Fake.Calls("chat.postMessage");
        Assert.Equal(2, calls.Count);
        Assert.Equal(429, calls[0].StatusCode);
        Assert.True(calls[1].Time - calls[0].Time >= TimeSpan.FromSeconds(2), $"retried after {calls[1].Time - calls[0].Time}");
        Assert.False(string.IsNullOrEmpty(response.Ts));
    }

    [Fact]
    public async Task RateLimited_PauseEndingBetweenMilliseconds_TheWakingClockAdvanceReturns()
    {
        // Task.Delay sleeps whole milliseconds: a call that began 0.5 ms into a 1 s pause slept 999 ms, woke inside
        // the Advance with 0.5 ms still to go, and "slept" that as 0 ms in a loop that never let the Advance return
        // (a hang dump from a loaded run: the 429's jitter left such fractions against a driver's 100 ms steps).
        var time = new ObservedFakeTime(Start);
        await using var host = await SlackWebApiTestHost.Start(o => o.Retries.RateLimitJitter = TimeSpan.Zero, time);
        host.Fake.Enqueue("auth.test", FakeSlackResponse.RateLimited(1));
        var first = host.Client.Auth.Test();
        await time.WaitForTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)); // paused until Start + 1 s
        time.Advance(TimeSpan.FromTicks(5_000));
        var second = host.Client.Auth.Test(); // 999.5 ms of the pause left
        await time.WaitForTimer(TimeSpan.FromMilliseconds(999), TimeSpan.FromMilliseconds(1000));

        await Task.Run(() => time.Advance(TimeSpan.FromMilliseconds(999))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(second.IsCompleted); // still 0.5 ms of the pause to go
        await Task.Run(() => time.Advance(TimeSpan.FromMilliseconds(1))).WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([200, 200, 429], host.Fake.Calls("auth.test").Select(c => c.StatusCode).Order());
    }

    [Theory]
    [InlineData(1, 10_000)]
    [InlineData(10_001, 20_000)]
    [InlineData(20_000_000, 20_000_000)]
    public void WholeMilliseconds_RoundsUpToTheMillisecond(long ticks, long expected) =>
        Assert.Equal(TimeSpan.FromTicks(expected), SlackChampionBot.Slack.WebApi.SlackApiTransport.WholeMilliseconds(TimeSpan.FromTicks(ticks)));

    [Fact]
    public async Task RateLimited_OtherCallsToSameMethod_WaitButOtherMethodsDoNot()
    {
        var time = new ObservedFakeTime(Start);
        await using var host = await SlackWebApiTestHost.Start(time: time);
        host.Fake.AddUser("U1", "ann");
        host.Fake.Enqueue("users.info", FakeSlackResponse.RateLimited(5));
        bool Paused(ObservedFakeTime.ObservedTimer t) => t.DueAt - time.GetUtcNow() is var left && left >= TimeSpan.FromSeconds(5) && left <= TimeSpan.FromSeconds(5.5);

        var first = host.Client.Users.Info("U1");
        await host.Fake.WaitForCalls("users.info", 1, TimeSpan.FromSeconds(10));
        await time.WaitForTimer(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.5)); // the client has heard the 429 and sleeps
        var second = host.Client.Users.Info("U1");
        var other = await host.Client.Auth.Test(); // answered with the clock standing still: other methods do not wait

        // The second users.info sleeps on the clock too (both pauses pending), so it cannot have been sent.
        await SlackTestHost.WaitUntil(() => time.Pending.Count(Paused) == 2, "both users.info calls asleep");
        Assert.Equal(FakeSlackWebApi.BotUserId, other.UserId);
        Assert.Single(host.Fake.Calls("users.info"));
        await host.Drive(Task.WhenAll(first, second));
        var calls = host.Fake.Calls("users.info");
        Assert.Equal(3, calls.Count);
        Assert.All(calls.Skip(1), c => Assert.True(c.Time - calls[0].Time >= TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task RateLimited_MoreThanTheBound_ThrowsRatelimited()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await SlackWebApiTestHost.Start(o => o.Retries.MaxRateLimitRetries = 2, time);
        for (var i = 0; i < 3; i++)
        {
            host.Fake.Enqueue("auth.test", FakeSlackResponse.RateLimited(1));
        }

        var ex = await Assert.ThrowsAsync<SlackException>(() => host.Drive(host.Client.Auth.Test()));

        Assert.Equal("ratelimited", ex.ErrorCode);
        Assert.Equal(3, host.Fake.Calls("auth.test").Count);
    }

    [Fact]
    public async Task ServerError_TwiceThenOk_RetriesAndSucceeds()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await SlackWebApiTestHost.Start(time: time);
        host.Fake.Enqueue("auth.test", FakeSlackResponse.ServerError(503));
        host.Fake.Enqueue("auth.test", FakeSlackResponse.ServerError(500));

        var response = await host.Drive(host.Client.Auth.Test());

        Assert.Equal(FakeSlackWebApi.TeamId, response.TeamId);
        var calls = host.Fake.Calls("auth.test");
        Assert.Equal([503, 500, 200], calls.Select(c => c.StatusCode));
        Assert.True(calls[1].Time - calls[0].Time >= TimeSpan.FromMilliseconds(375), "first backoff is 0.5 s ± 25%");
        Assert.True(calls[2].Time - calls[1].Time >= TimeSpan.FromMilliseconds(750), "second backoff is 1 s ± 25%");
    }

    [Fact]
    public async Task ServerError_BeyondTheBound_ThrowsHttpStatus()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await SlackWebApiTestHost.Start(o => o.Retries.MaxRetries = 3, time);
        for (var i = 0; i < 5; i++)
        {
            host.Fake.Enqueue("auth.test", FakeSlackResponse.ServerError(500));
        }

        var ex = await Assert.ThrowsAsync<SlackException>(() => host.Drive(host.Client.Auth.Test()));

        Assert.Equal("http_500", ex.ErrorCode);
        Assert.Equal(4, host.Fake.Calls("auth.test").Count);
    }

    [Fact]
    public async Task Timeout_OnceThenOk_RetriesAndSucceeds()
    {
        // The clock moves only once the request is at the fake: a driver stepping it while the request was still on
        // its way (a loaded machine) let the timeout count from before the request arrived, and the gap measured at
        // the fake came out under 10 s (failed a loaded run).
        var time = new ObservedFakeTime(Start);
        await using var host = await SlackWebApiTestHost.Start(o => o.Retries.RequestTimeout = TimeSpan.FromSeconds(10), time);
        host.Fake.Enqueue("auth.test", FakeSlackResponse.Timeout(TimeSpan.FromSeconds(30)));

        var call = host.Client.Auth.Test();
        await host.Fake.WaitForCalls("auth.test", 1, TimeSpan.FromSeconds(30));
        var timeout = await time.WaitForTimer(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.True(time.IsPending(timeout));
        Assert.Single(host.Fake.Calls("auth.test"));
        time.Advance(TimeSpan.FromMilliseconds(1));

        // The backoff before the retry (0.5 s +-25%), then the retry, answered with the clock standing still.
        var backoff = await time.WaitForTimer(TimeSpan.FromMilliseconds(375), TimeSpan.FromMilliseconds(625));
        time.Advance(backoff.DueAt - time.GetUtcNow());
        var response = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(FakeSlackWebApi.BotUserId, response.UserId);
        var calls = host.Fake.Calls("auth.test");
        Assert.Equal(2, calls.Count);
        Assert.True(calls[1].Time - calls[0].Time >= TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Timeout_EveryAttempt_ThrowsTimeout()
    {
        var time = new ObservedFakeTime(Start);
        await using var host = await SlackWebApiTestHost.Start(
            o =>
            {
                o.Retries.RequestTimeout = TimeSpan.FromSeconds(1);
                o.Retries.MaxRetries = 1;
            },
            time);
        host.Fake.Enqueue("auth.test", FakeSlackResponse.Timeout(TimeSpan.FromSeconds(30)));
        host.Fake.Enqueue("auth.test", FakeSlackResponse.Timeout(TimeSpan.FromSeconds(30)));

        // Each attempt's timeout runs out only once that attempt is at the fake (see Timeout_OnceThenOk_…).
        var call = host.Client.Auth.Test();
        await host.Fake.WaitForCalls("auth.test", 1, TimeSpan.FromSeconds(30));
        time.Advance((await time.WaitForTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))).DueAt - time.GetUtcNow());
        var backoff = await time.WaitForTimer(TimeSpan.FromMilliseconds(375), TimeSpan.FromMilliseconds(625));
        time.Advance(backoff.DueAt - time.GetUtcNow());
        await host.Fake.WaitForCalls("auth.test", 2, TimeSpan.FromSeconds(30));
        time.Advance((await time.WaitForTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))).DueAt - time.GetUtcNow());
        var ex = await Assert.ThrowsAsync<SlackException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal("timeout", ex.ErrorCode);
        Assert.Equal(2, host.Fake.Calls("auth.test").Count);
    }

    [Fact]
    public async Task ConnectionRefused_BeyondTheBound_ThrowsConnectionFailed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var time = new FakeTimeProvider(Start);
        await using var host = await SlackWebApiTestHost.Start(o => o.Retries.MaxRetries = 2, time, new Uri($"http://127.0.0.1:{port}/api/"));

        var ex = await Assert.ThrowsAsync<SlackException>(() => host.Drive(host.Client.Auth.Test()));

        Assert.Equal("connection_failed", ex.ErrorCode);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task CallerCancellation_WhileWaiting_ThrowsAndIsNotRetried()
    {
        await using var host = await SlackWebApiTestHost.Start();
        host.Fake.Enqueue("auth.test", FakeSlackResponse.Timeout(TimeSpan.FromSeconds(30)));
        using var cts = new CancellationTokenSource();

        var call = host.Client.Auth.Test(cts.Token);
        await host.Fake.WaitForCalls("auth.test", 1, TimeSpan.FromSeconds(10));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        // The call has ended (its retry loop with it), so nothing can be sent on its behalf any more.
        Assert.Single(host.Fake.Calls("auth.test"));
    }

    [Fact]
    public async Task PostMessage_Always_SendsBearerTokenAndFormFieldsWithBlocksAsJson()
    {
        await using var host = await SlackWebApiTestHost.Start();
        var message = new Message
        {
            Channel = "C1",
            Text = "a & <b> + c",
            ThreadTs = "1700000000.000100",
            UnfurlLinks = false,
            Blocks = [new SectionBlock { Text = new Markdown("*hi* there") }, new DividerBlock()],
        };

        var response = await host.Client.Chat.PostMessage(message);

        var call = Assert.Single(host.Fake.Calls("chat.postMessage"));
        Assert.Equal("Bearer " + SlackWebApiTestHost.BotToken, call.Authorization);
        Assert.StartsWith("application/x-www-form-urlencoded", call.ContentType);
        Assert.DoesNotContain("token", call.Args.Keys);
        Assert.Equal("C1", call.Arg("channel"));
        Assert.Equal("a & <b> + c", call.Arg("text"));
        Assert.Equal("1700000000.000100", call.Arg("thread_ts"));
        Assert.Equal("false", call.Arg("unfurl_links"));
        Assert.Null(call.Arg("unfurl_media"));
        var blocks = call.JsonArg("blocks")!.Value;
        Assert.Equal(JsonValueKind.Array, blocks.ValueKind);
        Assert.Equal("section", blocks[0].GetProperty("type").GetString());
        Assert.Equal("mrkdwn", blocks[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Equal("*hi* there", blocks[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("divider", blocks[1].GetProperty("type").GetString());
        Assert.Equal("C1", response.Channel);
    }

    [Fact]
    public async Task PostMessage_Twice_ReturnsIncreasingTs()
    {
        await using var host = await SlackWebApiTestHost.Start();

        var first = await host.Client.Chat.PostMessage(new Message { Channel = "C1", Text = "one" });
        var second = await host.Client.Chat.PostMessage(new Message { Channel = "C1", Text = "two" });

        Assert.True(string.CompareOrdinal(first.Ts, second.Ts) < 0, $"{first.Ts} < {second.Ts}");
    }

    [Fact]
    public async Task Update_PostedMessage_Succeeds_AndEphemeralCannotBeUpdated()
    {
        await using var host = await SlackWebApiTestHost.Start();
        host.Fake.AddUser("U1", "ann");
        var posted = await host.Client.Chat.PostMessage(new Message { Channel = "C1", Text = "one" });
        var ephemeral = await host.Client.Chat.PostEphemeral("U1", new Message { Channel = "C1", Text = "psst" });

        var updated = await host.Client.Chat.Update(new MessageUpdate { ChannelId = "C1", Ts = posted.Ts!, Text = "uno" });
        var ex = await Assert.ThrowsAsync<SlackException>(() => host.Client.Chat.Update(new MessageUpdate { ChannelId = "C1", Ts = ephemeral.MessageTs!, Text = "x" }));

        Assert.Equal("uno", updated.Text);
        Assert.Equal(posted.Ts, updated.Ts);
        Assert.Equal("cant_update_message", ex.ErrorCode);
        Assert.Equal("U1", host.Fake.Calls("chat.postEphemeral")[0].Arg("user"));
    }

    [Fact]
    public async Task GetPermalink_PostedMessage_ReturnsArchiveUrl()
    {
        await using var host = await SlackWebApiTestHost.Start();

        var link = await host.Client.Chat.GetPermalink("C1", "1700000000.000100");

        Assert.Equal("https://example.slack.com/archives/C1/p1700000000000100", link.Permalink);
    }

    [Fact]
    public async Task AddToMessage_Twice_SecondThrowsAlreadyReacted()
    {
        await using var host = await SlackWebApiTestHost.Start();

        await host.Client.Reactions.AddToMessage(":star:", "C1", "1.2");
        var ex = await Assert.ThrowsAsync<SlackException>(() => host.Client.Reactions.AddToMessage("star", "C1", "1.2"));

        Assert.Equal("already_reacted", ex.ErrorCode);
        Assert.All(host.Fake.Calls("reactions.add"), c => Assert.Equal(("star", "C1", "1.2"), (c.Arg("name"), c.Arg("channel"), c.Arg("timestamp"))));
    }

    [Fact]
    public async Task UsersInfo_KnownUser_MapsFields()
    {
        await using var host = await SlackWebApiTestHost.Start();
        host.Fake.AddUser("U1", "ann", "Europe/Paris", isRestricted: true, displayName: "Annie");

        var user = await host.Client.Users.Info("U1");

        Assert.Equal(("U1", "ann", "Europe/Paris", true, false), (user.Id, user.Name, user.Tz, user.IsRestricted, user.IsBot));
        Assert.Equal("Annie", user.DisplayName);
        Assert.NotNull(user.TzOffset);
        Assert.Equal("https://avatars.example.com/U1_48.png", user.Profile?.Image48);
    }

    [Fact]
    public async Task UsersInfo_UnknownUser_ThrowsUserNotFound()
    {
        await using var host = await SlackWebApiTestHost.Start();

        var ex = await Assert.ThrowsAsync<SlackException>(() => host.Client.Users.Info("U404"));

        Assert.Equal("user_not_found", ex.ErrorCode);
    }

    [Fact]
    public async Task ConversationsOpen_SameUserTwice_ReturnsStableDmThatInfoKnows()
    {
        await using var host = await SlackWebApiTestHost.Start();
        host.Fake.AddUser("U1", "ann");

        var first = await host.Client.Conversations.Open(["U1"]);
        var second = await host.Client.Conversations.Open(["U1"]);
        var info = await host.Client.Conversations.Info(first);

        Assert.StartsWith("D", first);
        Assert.Equal(first, second);
        Assert.True(info.IsIm);
        Assert.Equal("U1", info.User);
    }

    [Fact]
    public async Task ConversationsInfo_Channel_MapsFlagsAndCount()
    {
        await using var host = await SlackWebApiTestHost.Start();
        host.Fake.AddChannel("C1", "general");
        host.Fake.SetChannelMembers("C1", ["U1", "U2"]);

        var info = await host.Client.Conversations.Info("C1", includeNumMembers: true);
        var missing = await Assert.ThrowsAsync<SlackException>(() => host.Client.Conversations.Info("C404"));

        Assert.Equal(("general", true, false, 2), (info.Name, info.IsChannel, info.IsPrivate, info.NumMembers));
        Assert.Equal("channel_not_found", missing.ErrorCode);
    }

    [Fact]
    public async Task UserGroups_ListAndUsers_ReturnConfiguredGroups()
    {
        await using var host = await SlackWebApiTestHost.Start();
        host.Fake.AddUserGroup("S1", "eng", ["U1", "U2"], "Engineering");

        var groups = await host.Client.UserGroups.List(includeCount: true);
        var users = await host.Client.UserGroupUsers.List("S1");

        var group = Assert.Single(groups);
        Assert.Equal(("S1", "eng", 2), (group.Id, group.Handle, group.UserCount));
        Assert.Equal(["U1", "U2"], users);
        Assert.Equal("S1", host.Fake.Calls("usergroups.users.list")[0].Arg("usergroup"));
    }

    [Fact]
    public async Task ViewsPublishOpenUpdate_SendViewJsonWithTypeAndReturnViewIds()
    {
        await using var host = await SlackWebApiTestHost.Start();
        var home = new HomeViewDefinition { Blocks = [new DividerBlock()], PrivateMetadata = "m" };
        var modal = new ModalViewDefinition { Title = "Kudos", CallbackId = "kudos", ExternalId = "ext-1" };

        var published = await host.Client.Views.Publish("U1", home);
        var opened = await host.Client.Views.Open("trigger-1", modal);
        var updated = await host.Client.Views.Update(new ModalViewDefinition { Title = "Kudos 2", CallbackId = "kudos" }, "ext-1");
        var notFound = await Assert.ThrowsAsync<SlackException>(() => host.Client.Views.UpdateByViewId(modal, "V404"));

        Assert.Equal("home", host.Fake.Calls("views.publish")[0].JsonArg("view")!.Value.GetProperty("type").GetString());
        Assert.Equal("modal", host.Fake.Calls("views.open")[0].JsonArg("view")!.Value.GetProperty("type").GetString());
        Assert.Equal("trigger-1", host.Fake.Calls("views.open")[0].Arg("trigger_id"));
        Assert.Equal("m", published.View.PrivateMetadata);
        Assert.False(string.IsNullOrEmpty(opened.View.Id));
        Assert.Equal(opened.View.Id, updated.View.Id);
        Assert.Equal("not_found", notFound.ErrorCode);
    }

    [Fact]
    public async Task AppsConnectionsOpen_UsesAppLevelToken()
    {
        await using var host = await SlackWebApiTestHost.Start();
        host.Fake.SocketModeUrl = "ws://127.0.0.1:1/link?ticket=1";

        var response = await host.Client.AppsConnectionsApi.Open();

        Assert.Equal("ws://127.0.0.1:1/link?ticket=1", response.Url);
        Assert.Equal("Bearer " + SlackWebApiTestHost.AppToken, Assert.Single(host.Fake.Calls("apps.connections.open")).Authorization);
    }

    [Fact]
    public async Task AppsConnectionsOpen_FromFakeSocketModeServer_GetsFreshUrlEachCall()
    {
        await using var socketMode = await FakeSocketModeServer.StartAsync();
        await using var host = await SlackWebApiTestHost.Start();
        host.Fake.ServeSocketModeUrls(socketMode.NextConnectionUrl);

        var first = await host.Client.AppsConnectionsApi.Open();
        var second = await host.Client.AppsConnectionsApi.Open();

        Assert.StartsWith($"ws://{socketMode.BaseUrl.Authority}/link/", first.Url);
        Assert.NotEqual(first.Url, second.Url);
    }

    [Fact]
    public async Task AppsConnectionsOpen_WithoutAppLevelToken_ThrowsWithoutCalling()
    {
        await using var host = await SlackWebApiTestHost.Start(o => o.AppLevelToken = null);

        var ex = await Assert.ThrowsAsync<SlackException>(() => host.Client.AppsConnectionsApi.Open());

        Assert.Equal("missing_app_level_token", ex.ErrorCode);
        Assert.Empty(host.Fake.Calls());
    }

    [Fact]
    public async Task FilesUpload_Bytes_GetsUrlUploadsAndCompletesIntoChannel()
    {
        await using var host = await SlackWebApiTestHost.Start();
        var content = "name,stars\nann,3\n"u8.ToArray();

        var result = await host.Client.Files.Upload(content, "stars.csv", "D1", title: "Stars", initialComment: "Here you go");

        Assert.Equal(["files.getUploadURLExternal", "files.completeUploadExternal"], host.Fake.Calls().Select(c => c.Method));
        Assert.Equal(content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), host.Fake.Calls("files.getUploadURLExternal")[0].Arg("length"));
        var file = Assert.Single(host.Fake.Files());
        Assert.Equal(content, file.Content);
        Assert.True(file.Completed);
        Assert.Equal(("stars.csv", "Stars", "D1", "Here you go"), (file.FileName, file.Title, file.ChannelId, file.InitialComment));
        Assert.Equal(file.Id, Assert.Single(result.Files).Id);
    }

    [Fact]
    public async Task CompleteUploadExternal_WithoutUpload_ThrowsFileNotFound()
    {
        await using var host = await SlackWebApiTestHost.Start();
        var url = await host.Client.Files.GetUploadUrlExternal("a.txt", 3);

        var ex = await Assert.ThrowsAsync<SlackException>(() => host.Client.Files.CompleteUploadExternal([new() { Id = url.FileId }], "C1"));

        Assert.Equal("file_not_found", ex.ErrorCode);
    }
}
