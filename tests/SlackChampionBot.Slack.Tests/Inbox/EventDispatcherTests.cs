using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.Inbox;
using SlackChampionBot.Slack.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace SlackChampionBot.Slack.Tests.Inbox;

public sealed class EventDispatcherTests
{
    private const string Reaction = """{"type":"reaction_added","user":"U1","reaction":"star","item_user":"U2","item":{"type":"message","channel":"C1","ts":"1.2"},"event_ts":"1.3"}""";

    [Fact]
    public async Task Dispatch_SeveralHandlers_RunInRegistrationOrderEachInOwnScope()
    {
        await using var host = await SlackTestHost.StartAsync(c => c
            .RegisterEventHandler<MessageEvent, MessageHandler>()
            .RegisterEventHandler<Event, AnyEventHandler>()
            .RegisterEventHandler<MessageEvent, SecondMessageHandler>()
            .RegisterEventHandler<ReactionAdded, ReactionAddedHandler>());

        await host.PostEvent(SlackTestHost.MessageEvent("EvA"));
        await SlackTestHost.WaitUntil(() => host.Inbox.Find("EvA")?.Status == SlackInboxStatus.Done, "EvA done");

        var calls = host.Recorder.Calls.ToList();
        Assert.Equal([nameof(MessageHandler), nameof(AnyEventHandler), nameof(SecondMessageHandler)], calls.Select(c => c.Handler));
        Assert.Equal(3, calls.Select(c => c.ScopeId).Distinct().Count());
        Assert.All(calls, c => Assert.Equal("EvA", c.EventId));
    }

    [Fact]
    public async Task Dispatch_EventTypes_AreTypedBySubtypeAndType()
    {
        await using var host = await SlackTestHost.StartAsync(c => c
            .RegisterEventHandler<MessageChanged, MessageChangedHandler>()
            .RegisterEventHandler<ReactionAdded, ReactionAddedHandler>()
            .RegisterEventHandler<Event, AnyEventHandler>());

        await host.PostEvent(SlackTestHost.Event("EvChanged", """{"type":"message","subtype":"message_changed","hidden":true,"channel":"C1","ts":"9.9","message":{"type":"message","user":"U1","text":"new text","ts":"1.1"},"previous_message":{"type":"message","user":"U1","text":"old","ts":"1.1"}}"""));
        await host.PostEvent(SlackTestHost.Event("EvReaction", Reaction));
        await host.PostEvent(SlackTestHost.Event("EvOther", """{"type":"app_mention","user":"U1","text":"<@U0> hi","ts":"1.1","channel":"C1"}"""));
        await host.PostEvent(SlackTestHost.Event("EvDeleted", """{"type":"message","subtype":"message_deleted","hidden":true,"channel":"C1","ts":"9.9","deleted_ts":"1.1"}"""));
        await SlackTestHost.WaitUntil(() => new[] { "EvChanged", "EvReaction", "EvOther", "EvDeleted" }.All(id => host.Inbox.Find(id)?.Status == SlackInboxStatus.Done), "all done");

        var changed = Assert.IsType<MessageChanged>(host.Recorder.For(nameof(MessageChangedHandler)).Single().Item);
        Assert.Equal("new text", changed.Message?.Text);
        Assert.Equal("old", changed.PreviousMessage?.Text);
        var reaction = Assert.IsType<ReactionAdded>(host.Recorder.For(nameof(ReactionAddedHandler)).Single().Item);
        Assert.Equal("star", reaction.Reaction);
        Assert.Equal("1.2", reaction.Item.Ts);
        var any = host.Recorder.For(nameof(AnyEventHandler));
        Assert.Equal(4, any.Count);
        Assert.Equal(typeof(Event), any.Single(c => c.EventId == "EvOther").Item!.GetType());
        Assert.IsType<MessageDeleted>(any.Single(c => c.EventId == "EvDeleted").Item);
    }

    [Fact]
    public async Task Dispatch_HandlerKeepsFailing_RetriesWithExponentialBackoffThenMarksFailed()
    {
        await using var host = await SlackTestHost.StartAsync(c => c
            .RegisterEventHandler<ReactionAdded, FlakyReactionHandler>()
            .RegisterEventHandler<MessageEvent, MessageHandler>());
        var start = host.Time.GetUtcNow().UtcDateTime;

        await host.PostEvent(SlackTestHost.Event("EvFlaky", Reaction));

        var expectedDelays = new[] { 2, 4, 8, 16 };
        var elapsed = 0;
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var expectedAttempt = attempt;
            await SlackTestHost.WaitUntil(() => host.Inbox.Find("EvFlaky")?.Attempts == expectedAttempt, $"attempt {attempt} recorded");
            var state = host.Inbox.Find("EvFlaky")!;
            Assert.Equal(SlackInboxStatus.Pending, state.Status);
            Assert.Equal(start.AddSeconds(elapsed + expectedDelays[attempt - 1]), state.NextAttemptAt);
            Assert.Contains($"boom {attempt}", state.LastError);

            // Just before the retry is due nothing runs again: once the dispatcher is asleep on the clock after the
            // advance (a poll that woke it meanwhile has run and it sleeps again), the handler has not run again.
            await host.Time.WaitUntilAsleep();
            host.Time.Advance(TimeSpan.FromSeconds(expectedDelays[attempt - 1]) - TimeSpan.FromMilliseconds(1));
            await host.Time.WaitUntilAsleep();
            Assert.Equal(attempt, host.Recorder.For(nameof(FlakyReactionHandler)).Count);
            host.Time.Advance(TimeSpan.FromMilliseconds(1));
            elapsed += expectedDelays[attempt - 1];
        }

        await SlackTestHost.WaitUntil(() => host.Inbox.Find("EvFlaky")?.Status == SlackInboxStatus.Failed, "marked failed");
        var failed = host.Inbox.Find("EvFlaky")!;
        Assert.Equal(5, failed.Attempts);
        Assert.Contains("InvalidOperationException: boom 5", failed.LastError);
        Assert.Equal(5, host.Recorder.For(nameof(FlakyReactionHandler)).Count);

        // The dispatcher keeps going after a failed event.
        await host.PostEvent(SlackTestHost.MessageEvent("EvAfter"));
        await SlackTestHost.WaitUntil(() => host.Inbox.Find("EvAfter")?.Status == SlackInboxStatus.Done, "next event done");
        await host.Time.WaitUntilAsleep();
        host.Time.Advance(TimeSpan.FromHours(1));
        await host.Time.WaitUntilAsleep();
        Assert.Equal(5, host.Recorder.For(nameof(FlakyReactionHandler)).Count);
    }

    [Fact]
    public async Task Dispatch_HandlerFailsOnce_SucceedsOnRetryAndIsDone()
    {
        await using var host = await SlackTestHost.StartAsync(c => c.RegisterEventHandler<ReactionAdded, FlakyReactionHandler>());
        host.App.Services.GetRequiredService<FlakyConfig>().FailuresBeforeSuccess = 1;

        await host.PostEvent(SlackTestHost.Event("EvOnce", Reaction));
        await SlackTestHost.WaitUntil(() => host.Inbox.Find("EvOnce")?.Attempts == 1, "first failure");
        host.Time.Advance(TimeSpan.FromSeconds(2));
        await SlackTestHost.WaitUntil(() => host.Inbox.Find("EvOnce")?.Status == SlackInboxStatus.Done, "done after retry");

        var done = host.Inbox.Find("EvOnce")!;
        Assert.Equal(host.Time.GetUtcNow().UtcDateTime, done.ProcessedAt);
        Assert.Equal(2, host.Recorder.For(nameof(FlakyReactionHandler)).Count);
    }

    [Fact]
    public async Task Dispatch_EventsLeftOverBeforeStart_AreProcessedWithoutNewTraffic()
    {
        await using var host = await SlackTestHost.StartAsync(
            c => c.RegisterEventHandler<MessageEvent, MessageHandler>(),
            beforeStart: services =>
            {
                var inbox = services.GetRequiredService<ISlackEventInbox>();
                inbox.TryAdd(new SlackInboxEvent("EvOld1", "T111", "message", SlackTestHost.MessageEvent("EvOld1"), SlackTestHost.Start.UtcDateTime.AddMinutes(-5)), default).GetAwaiter().GetResult();
                inbox.TryAdd(new SlackInboxEvent("EvOld2", "T111", "message", SlackTestHost.MessageEvent("EvOld2"), SlackTestHost.Start.UtcDateTime.AddMinutes(-4)), default).GetAwaiter().GetResult();
            });

        await SlackTestHost.WaitUntil(() => host.Recorder.For(nameof(MessageHandler)).Count == 2, "leftovers handled");

        Assert.Equal(["EvOld1", "EvOld2"], host.Recorder.For(nameof(MessageHandler)).Select(c => c.EventId));
    }

    [Fact]
    public async Task Dispatch_UnreadableStoredEvent_IsMarkedFailedAndOthersContinue()
    {
        await using var host = await SlackTestHost.StartAsync(
            c => c.RegisterEventHandler<MessageEvent, MessageHandler>(),
            beforeStart: services =>
                services.GetRequiredService<ISlackEventInbox>()
                    .TryAdd(new SlackInboxEvent("EvJunk", "T111", "message", "{\"event\":", SlackTestHost.Start.UtcDateTime), default).GetAwaiter().GetResult());

        await host.PostEvent(SlackTestHost.MessageEvent("EvGood"));
        await SlackTestHost.WaitUntil(() => host.Inbox.Find("EvGood")?.Status == SlackInboxStatus.Done, "good done");

        var junk = host.Inbox.Find("EvJunk")!;
        Assert.Equal(SlackInboxStatus.Failed, junk.Status);
        Assert.NotNull(junk.LastError);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(4, 16)]
    [InlineData(20, 300)]
    public void RetryDelay_AfterFailures_DoublesUpToTheCap(int failures, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), new EventDispatcherOptions().RetryDelay(failures));
}
