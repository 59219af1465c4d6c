using Microsoft.Extensions.Time.Testing;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.WebApi;

namespace SlackChampionBot.Slack.Tests.WebApi;

public sealed class SlackRequestPacerTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private static SlackPacingOptions Options() => new()
    {
        PostMessagePerChannel = new SlackRateLimit { PerMinute = 60, Burst = 1 },
        PostMessageWorkspace = new SlackRateLimit { PerMinute = 0 },
        Tier2 = new SlackRateLimit { PerMinute = 20, Burst = 5 },
    };

    [Fact]
    public async Task WaitAsync_PostMessageSameChannel_SecondWaitsOneSecond()
    {
        var time = new FakeTimeProvider(Start);
        var pacer = new SlackRequestPacer(Options(), time);

        await pacer.WaitAsync("chat.postMessage", "C1", CancellationToken.None);
        var second = pacer.WaitAsync("chat.postMessage", "C1", CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(999));
        var completedEarly = second.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        await second;

        Assert.False(completedEarly);
    }

    [Fact]
    public async Task WaitAsync_PostMessageOtherChannel_DoesNotWait()
    {
        var time = new FakeTimeProvider(Start);
        var pacer = new SlackRequestPacer(Options(), time);

        await pacer.WaitAsync("chat.postMessage", "C1", CancellationToken.None);
        var other = pacer.WaitAsync("chat.postMessage", "C2", CancellationToken.None);

        Assert.True(other.IsCompleted);
    }

    [Fact]
    public async Task WaitAsync_Tier2_AllowsBurstThenPacesAtRate()
    {
        var time = new FakeTimeProvider(Start);
        var pacer = new SlackRequestPacer(Options(), time);

        var waits = Enumerable.Range(0, 7).Select(_ => pacer.WaitAsync("users.list", null, CancellationToken.None).AsTask()).ToList();
        var immediately = waits.Count(w => w.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        await waits[5].WaitAsync(TimeSpan.FromSeconds(10));
        var seventhAfterThree = waits[6].IsCompleted;
        time.Advance(TimeSpan.FromSeconds(3));
        await waits[6].WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(5, immediately);
        Assert.False(seventhAfterThree);
    }

    [Fact]
    public void WaitAsync_Disabled_NeverWaits()
    {
        var time = new FakeTimeProvider(Start);
        var options = Options();
        options.Enabled = false;
        var pacer = new SlackRequestPacer(options, time);

        var waits = Enumerable.Range(0, 50).Select(_ => pacer.WaitAsync("chat.postMessage", "C1", CancellationToken.None)).ToList();

        Assert.All(waits, w => Assert.True(w.IsCompleted));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_ReleasesItsReservation()
    {
        var time = new FakeTimeProvider(Start);
        var pacer = new SlackRequestPacer(Options(), time);
        await pacer.WaitAsync("chat.postMessage", "C1", CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var cancelled = pacer.WaitAsync("chat.postMessage", "C1", cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var next = pacer.WaitAsync("chat.postMessage", "C1", CancellationToken.None).AsTask();
        var waitedBeforeRefill = next.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(waitedBeforeRefill);
    }

    [Fact]
    public async Task PostMessage_ManyIntoOneChannel_OneIsSentPerSecondWhileOtherChannelIsNotDelayed()
    {
        var time = new ObservedFakeTime(Start);
        await using var host = await SlackWebApiTestHost.Start(
            o =>
            {
                o.Pacing.Enabled = true;
                o.Pacing.PostMessagePerChannel = new SlackRateLimit { PerMinute = 60, Burst = 1 };
            },
            time);
        int SentTo(string channel) => host.Fake.Calls("chat.postMessage").Count(c => c.Arg("channel") == channel);

        var sends = Enumerable.Range(0, 3).Select(i => host.Client.Chat.PostMessage(new Message { Channel = "C1", Text = $"m{i}" })).ToList();
        await host.Client.Chat.PostMessage(new Message { Channel = "C2", Text = "other" }); // answered with the clock standing still

        // The pacer reserves at once: the second and third messages sleep on the clock, due 1 s and 2 s from now (the
        // 5 min attempt timeouts are not pacer waits). While a wait is still pending, its message cannot have been sent.
        List<ObservedFakeTime.ObservedTimer> PacerWaits() => [.. time.Pending.Where(t => t.DueAt - time.GetUtcNow() < TimeSpan.FromMinutes(1))];
        await WaitUntil(() => SentTo("C1") == 1 && PacerWaits().Count == 2);
        var waits = PacerWaits();
        Assert.Equal([Start.AddSeconds(1), Start.AddSeconds(2)], waits.Select(w => w.DueAt));
        var sentPerSecond = new List<int> { SentTo("C1") };
        foreach (var wait in waits)
        {
            time.Advance(TimeSpan.FromMilliseconds(999));
            Assert.True(time.IsPending(wait));
            sentPerSecond.Add(SentTo("C1"));
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.False(time.IsPending(wait));
            var expected = sentPerSecond[^1] + 1;
            await WaitUntil(() => SentTo("C1") == expected);
            sentPerSecond.Add(SentTo("C1"));
        }

        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([1, 1, 2, 2, 3], sentPerSecond);
        Assert.Equal(1, SentTo("C2"));
    }

    [Fact]
    public async Task PostMessage_BurstUnderSimulatedLimitsWithDefaultPacing_GetsNo429()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await SlackWebApiTestHost.Start(o => o.Pacing = new SlackPacingOptions(), time);
        host.Fake.EnableRateLimitSimulation();

        var sends = Enumerable.Range(0, 12).Select(i => host.Client.Chat.PostMessage(new Message { Channel = "C1", Text = $"m{i}" })).ToList();
        await host.Drive(Task.WhenAll(sends), TimeSpan.FromMilliseconds(20));

        Assert.Equal(0, host.Fake.RateLimitedResponses);
        Assert.Equal(12, host.Fake.Calls("chat.postMessage").Count);
    }

    [Fact]
    public async Task PostMessage_BurstUnderSimulatedLimitsWithoutPacing_Gets429sAndStillDeliversAll()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await SlackWebApiTestHost.Start(o => o.Retries.MaxRateLimitRetries = 30, time);
        host.Fake.EnableRateLimitSimulation();

        var sends = Enumerable.Range(0, 12).Select(i => host.Client.Chat.PostMessage(new Message { Channel = "C1", Text = $"m{i}" })).ToList();
        await host.Drive(Task.WhenAll(sends));

        Assert.True(host.Fake.RateLimitedResponses > 0);
        Assert.Equal(12, host.Fake.Calls("chat.postMessage").Count(c => c.StatusCode == 200));
    }

    [Fact]
    public void TokenBucket_RateLimited_SlowsByATenthAndSpendsTheBurstThenRecoversWithTime()
    {
        var time = new FakeTimeProvider(Start);
        var bucket = new TokenBucket(new SlackRateLimit { PerMinute = 300, Burst = 20 }, time);
        Assert.Equal(TimeSpan.Zero, bucket.Reserve()); // the burst is there

        bucket.Slow();
        Assert.Equal(270, bucket.PerMinute, 6);
        Assert.Equal(60.0 / 270, bucket.Reserve().TotalSeconds, 6); // no burst left: one token at 270/min
        for (var i = 0; i < 40; i++)
        {
            bucket.Slow();
        }

        Assert.Equal(300.0 / 16, bucket.PerMinute, 6); // never below a sixteenth of the configured rate

        // 0.2% of the configured rate per second: 10 s later, 6/min more; answers with no time between add nothing.
        time.Advance(TimeSpan.FromSeconds(10));
        bucket.Recover();
        bucket.Recover();
        Assert.Equal((300.0 / 16) + 6, bucket.PerMinute, 6);
        time.Advance(TimeSpan.FromHours(1));
        bucket.Recover();
        Assert.Equal(300, bucket.PerMinute, 6); // and never above the configured rate
    }

    [Fact]
    public async Task RateLimited_PostMessage_SlowsTheWorkspaceBucketAndAnswersBringItBack()
    {
        var time = new FakeTimeProvider(Start);
        var pacer = new SlackRequestPacer(new SlackPacingOptions(), time);
        await pacer.WaitAsync("chat.postMessage", "U1", CancellationToken.None);
        Assert.Equal(300, pacer.CurrentPerMinute("chat.postMessage"));

        pacer.RateLimited("chat.postMessage", "U1");
        Assert.Equal(270, pacer.CurrentPerMinute("chat.postMessage")!.Value, 6);
        time.Advance(TimeSpan.FromMinutes(1));
        pacer.Answered("chat.postMessage", "U2");
        Assert.Equal(300, pacer.CurrentPerMinute("chat.postMessage")!.Value, 6);
        Assert.Null(pacer.CurrentPerMinute("chat.update")); // other methods untouched
    }

    private static Task WaitUntil(Func<bool> condition) => Eventually.Until(condition, "the pacer's state", TimeSpan.FromSeconds(10));
}
