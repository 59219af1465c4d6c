using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.Inbox;
using SlackChampionBot.Slack.Tests.TestSupport;

namespace SlackChampionBot.Slack.Tests.Inbox;

/// <summary>
/// The dispatcher's lanes: events with one ordering key run in order, one at a time; a lane that cannot move (a
/// channel waiting on Slack's pacing) holds up nothing else; the number running at once is bounded.
/// Nothing here waits a fixed time: a gate holds the slow lane and the asserts are on what ran while it was held.
/// </summary>
public sealed class EventLanesTests
{
    private const string SlowChannel = "CSLOW";

    private static string Message(string eventId, string channel, string ts) =>
        SlackTestHost.Event(eventId, $$"""{"type":"message","channel":"{{channel}}","user":"U1","text":"hi","ts":"{{ts}}","channel_type":"channel"}""");

    private static string AppHome(string eventId, string user) =>
        SlackTestHost.Event(eventId, $$"""{"type":"app_home_opened","user":"{{user}}","channel":"D1","tab":"home"}""");

    private static string Reaction(string eventId, string channel, string ts) =>
        SlackTestHost.Event(eventId, $$"""{"type":"reaction_added","user":"U9","reaction":"star","item_user":"U1","item":{"type":"message","channel":"{{channel}}","ts":"{{ts}}"},"event_ts":"2.1"}""");

    private static Task<SlackTestHost> Start(int concurrency) => SlackTestHost.StartAsync(
        c => c.RegisterEventHandler<MessageEvent, GatedHandler>()
            .RegisterEventHandler<ReactionAdded, GatedHandler>()
            .RegisterEventHandler<AppHomeOpened, GatedHandler>()
            .Configure((o, _) => o.DispatchConcurrency = concurrency),
        services: s => s.AddSingleton<Gate>());

    [Fact]
    public async Task Dispatch_BacklogInOneChannelHeld_AppHomeOtherChannelAndCheersElsewhereRunMeanwhile()
    {
        await using var host = await Start(concurrency: 4);
        var gate = host.App.Services.GetRequiredService<Gate>();
        gate.Hold(SlowChannel);

        for (var i = 0; i < 100; i++)
        {
            await host.PostEvent(Message($"EvSlow{i:D3}", SlowChannel, $"1.{i:D6}"));
        }

        await host.PostEvent(AppHome("EvHome", "U5"));
        await host.PostEvent(Message("EvOther", "COTHER", "1.5"));
        await host.PostEvent(Reaction("EvCheer", "COTHER", "1.5"));
        await SlackTestHost.WaitUntil(() => new[] { "EvHome", "EvOther", "EvCheer" }.All(id => host.Inbox.Find(id)?.Status == SlackInboxStatus.Done), "the other lanes done");

        // The slow channel has started its first event and is still on it: nothing else of it ran.
        Assert.Equal(["EvSlow000"], gate.Started(SlowChannel));
        Assert.Equal(["EvOther", "EvCheer"], gate.Started("COTHER"));

        gate.Release(SlowChannel);
        await SlackTestHost.WaitUntil(() => Enumerable.Range(0, 100).All(i => host.Inbox.Find($"EvSlow{i:D3}")?.Status == SlackInboxStatus.Done), "the backlog done");
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"EvSlow{i:D3}"), gate.Started(SlowChannel));
    }

    [Fact]
    public async Task Dispatch_ManyChannelsInterleaved_EachChannelInArrivalOrder()
    {
        await using var host = await Start(concurrency: 8);
        var gate = host.App.Services.GetRequiredService<Gate>();
        var sent = new Dictionary<string, List<string>>();
        for (var i = 0; i < 120; i++)
        {
            var channel = $"C{i % 5}";
            var id = $"Ev{i:D3}";
            sent.TryAdd(channel, []);
            sent[channel].Add(id);
            await host.PostEvent(i % 3 == 0 ? Reaction(id, channel, "1.1") : Message(id, channel, $"1.{i:D6}"));
        }

        await SlackTestHost.WaitUntil(() => Enumerable.Range(0, 120).All(i => host.Inbox.Find($"Ev{i:D3}")?.Status == SlackInboxStatus.Done), "all done");

        foreach (var (channel, ids) in sent)
        {
            Assert.Equal(ids, gate.Started(channel));
        }
    }

    [Fact]
    public async Task Dispatch_MoreLanesThanSlots_RunsAtMostTheConcurrencyAtOnceAndAllInTheEnd()
    {
        await using var host = await Start(concurrency: 2);
        var gate = host.App.Services.GetRequiredService<Gate>();
        for (var c = 0; c < 6; c++)
        {
            gate.Hold($"C{c}");
            await host.PostEvent(Message($"Ev{c}", $"C{c}", "1.1"));
        }

        await SlackTestHost.WaitUntil(() => gate.Running == 2, "two running");
        await SlackTestHost.WaitUntil(() => host.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<EventDispatcher>().Single().Held == 6, "all six claimed");
        Assert.Equal(2, gate.Running);

        for (var c = 0; c < 6; c++)
        {
            gate.Release($"C{c}");
        }

        await SlackTestHost.WaitUntil(() => Enumerable.Range(0, 6).All(c => host.Inbox.Find($"Ev{c}")?.Status == SlackInboxStatus.Done), "all done");
        Assert.Equal(2, gate.MaxRunning);
    }

    /// <summary>Records which events each channel started, and holds a channel's handlers until released.</summary>
    internal sealed class Gate
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _started = new(StringComparer.Ordinal);
        private int _running;
        private int _maxRunning;

        public int Running => Volatile.Read(ref _running);

        public int MaxRunning => Volatile.Read(ref _maxRunning);

        public void Hold(string key) => _holds[key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release(string key) => _holds[key].TrySetResult();

        public IReadOnlyList<string> Started(string key) => [.. _started.GetOrAdd(key, _ => new())];

        public async Task Pass(string key, string eventId)
        {
            _started.GetOrAdd(key, _ => new()).Enqueue(eventId);
            var now = Interlocked.Increment(ref _running);
            int seen;
            while ((seen = Volatile.Read(ref _maxRunning)) < now && Interlocked.CompareExchange(ref _maxRunning, now, seen) != seen)
            {
            }

            try
            {
                if (_holds.TryGetValue(key, out var hold))
                {
                    await hold.Task;
                }
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }

    internal sealed class GatedHandler(Gate gate, SlackRequestContext context) : IEventHandler<MessageEvent>, IEventHandler<ReactionAdded>, IEventHandler<AppHomeOpened>
    {
        public Task Handle(MessageEvent slackEvent) => gate.Pass(slackEvent.Channel!, context.EventId!);

        public Task Handle(ReactionAdded slackEvent) => gate.Pass(slackEvent.Item.Channel!, context.EventId!);

        public Task Handle(AppHomeOpened slackEvent) => gate.Pass("home", context.EventId!);
    }
}
