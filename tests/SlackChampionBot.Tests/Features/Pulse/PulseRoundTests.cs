using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Persistence;
using SlackChampionBot.Slack;
using SlackChampionBot.Slack.Blocks;

namespace SlackChampionBot.Tests.Features.Pulse;

public sealed class PulseRoundTests
{
    [Fact]
    public async Task Tick_FullRound_SendsAnswersChangesRemindsOnceAndCloses()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(6, withBotAndDeleted: true);
        var survey = (await world.Open())!;

        await world.Tick();

        // One DM per person; no bot, no deactivated user, not the bot itself.
        Assert.Equal(6, world.Posts.Count);
        Assert.All(people, p => Assert.Single(world.PostsTo(p)));
        Assert.Empty(world.PostsTo("UROBOT1"));
        Assert.Empty(world.PostsTo("UGONE01"));
        var dm = world.PostsTo(people[0])[0];
        Assert.Contains(dm.Blocks!, b => b is ContextBlock c && c.Elements.OfType<ContextText>().Any(t => t.Text == PulseBlocks.AnonymityPromise));
        Assert.Equal(4, dm.Blocks!.OfType<ActionsBlock>().Count(a => a.BlockId!.StartsWith("pulse_q", StringComparison.Ordinal)));
        Assert.Contains(dm.Blocks!.OfType<ActionsBlock>(), a => a.Elements.OfType<Button>().Any(x => x.ActionId == PulseCommentAction.ActionId));

        // Three people answer; the first changes their mind.
        await world.Click(people[0], survey.Id, 0, 2);
        await world.Click(people[0], survey.Id, 0, 5);
        await world.Click(people[1], survey.Id, 0, 4);
        await world.Click(people[2], survey.Id, 1, 3);
        var update = world.Updates.Last();
        Assert.Equal(PulseTestWorld.DmOf(people[2]), update.ChannelId);
        Assert.Equal(PulseBlocks.ThanksText, update.Text);

        // A tick before the reminder time sends nothing more; after it, one reminder to each non-respondent only.
        await world.Tick();
        Assert.Equal(6, world.Posts.Count);
        world.Time.Advance(TimeSpan.FromHours(24));
        await world.Tick();
        await world.Tick();
        Assert.Equal(9, world.Posts.Count);
        Assert.All(people.Take(3), p => Assert.Single(world.PostsTo(p)));
        Assert.All(people.Skip(3), p => Assert.Equal(2, world.PostsTo(p).Count));

        // Close after OpenDays: the changed answer counts once with its new value; the links are gone.
        world.Time.Advance(TimeSpan.FromDays(2));
        await world.Tick();
        await world.InScope(async sp =>
        {
            var db = sp.GetRequiredService<BotDbContext>();
            var closed = await db.Set<PulseSurvey>().SingleAsync();
            Assert.NotNull(closed.ClosedAt);
            Assert.Equal(6, closed.DeliveredCount);
            Assert.Equal(3, closed.ResponseCount);
            var responses = await db.Set<PulseResponse>().ToListAsync();
            Assert.Equal([4, 5], responses.Select(r => r.Answer1).OfType<int>().Order());
            Assert.Equal([3], responses.Select(r => r.Answer2).OfType<int>());
            Assert.Empty(await db.Set<PulseParticipation>().ToListAsync());
            Assert.Empty(await db.Set<PulseDelivery>().ToListAsync());
        });

        // A click after closing says so and records nothing.
        await world.Click(people[4], survey.Id, 0, 1);
        Assert.Equal(PulseBlocks.ClosedText, world.Updates.Last().Text);
        Assert.Equal(3, await world.InScope(sp => sp.GetRequiredService<BotDbContext>().Set<PulseResponse>().CountAsync()));
    }

    [Fact]
    public async Task Answer_SomeoneElsesDm_IsRefusedAndNotRecorded()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(2);
        var survey = (await world.Open())!;
        await world.Tick();

        await world.Click(people[1], survey.Id, 0, 1, inChannel: PulseTestWorld.DmOf(people[0]));
        await world.Click("UOUTSIDER", survey.Id, 0, 1, inChannel: "DUOUTSIDER");

        Assert.Equal(2, world.Ephemerals.Count);
        Assert.Equal(0, await world.InScope(sp => sp.GetRequiredService<BotDbContext>().Set<PulseResponse>().CountAsync()));
    }

    [Fact]
    public async Task Answer_SameQuestionTwice_KeepsOneResponseWithTheLatestValue()
    {
        await using var world = new PulseTestWorld(new() { ["Pulse:EnpsEverySurveys"] = "1" });
        var people = world.AddPeople(1);
        var survey = (await world.Open())!;
        await world.Tick();

        await world.Click(people[0], survey.Id, PulseService.EnpsQuestion, 3);
        await world.Click(people[0], survey.Id, PulseService.EnpsQuestion, 9);
        await world.Click(people[0], survey.Id, PulseService.EnpsQuestion, 11); // not a valid score

        var response = await world.InScope(sp => sp.GetRequiredService<BotDbContext>().Set<PulseResponse>().SingleAsync());
        Assert.Equal(9, response.Enps);
        Assert.Single(await world.InScope(sp => sp.GetRequiredService<BotDbContext>().Set<PulseParticipation>().ToListAsync()));
    }

    [Fact]
    public async Task SendPending_CrashWithFourDmsInFlight_ResumesWithoutAnyDuplicate()
    {
        const int concurrency = 4;
        const int sentBeforeCrash = 9;
        await using var world = new PulseTestWorld(new() { ["Pulse:SendConcurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var people = world.AddPeople(20);
        var survey = (await world.Open())!;
        using var crash = new CancellationTokenSource();

        // Deterministic, whatever the scheduler does: the first 9 DMs go through; the next 4 (one per sender, each row
        // already in Posting) are held until all 4 are in flight, then reach Slack together. The first of them to be
        // answered "kills" the process; the other three wait for the crash before they would hear back.
        var arrived = 0;
        var allInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        world.BeforePost = async (_, _) =>
        {
            var n = Interlocked.Increment(ref arrived);
            if (n <= sentBeforeCrash)
            {
                return;
            }

            if (n == sentBeforeCrash + concurrency)
            {
                allInFlight.SetResult();
            }

            await allInFlight.Task.WaitAsync(TimeSpan.FromSeconds(30)); // bounded: fails instead of hanging if fewer are in flight
        };
        var accepted = 0;
        world.AfterPost = async (_, _) =>
        {
            var n = Interlocked.Increment(ref accepted);
            if (n <= sentBeforeCrash)
            {
                return;
            }

            if (n == sentBeforeCrash + 1)
            {
                crash.Cancel();
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), crash.Token); // bounded wait for the crash, which is already under way
            }
            catch (OperationCanceledException)
            {
            }

            throw new OperationCanceledException(crash.Token); // Slack accepted the DM; the process died before it heard back.
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => world.InScope(async sp =>
        {
            var pulse = sp.GetRequiredService<PulseService>();
            var tracked = await sp.GetRequiredService<BotDbContext>().Set<PulseSurvey>().AsNoTracking().SingleAsync();
            await pulse.RecordAudience(tracked, [.. people.Select(p => new PulseRecipient(p, null))], crash.Token);
            await sp.GetRequiredService<PulseSender>().SendPending(tracked, crash.Token);
        }));
        Assert.Equal(sentBeforeCrash + concurrency, world.Posts.Count);
        var states = await world.Db(db => db.Set<PulseDelivery>().Select(d => d.State).ToListAsync());
        Assert.Equal(sentBeforeCrash, states.Count(s => s == PulseDeliveryState.Sent));
        Assert.Equal(concurrency, states.Count(s => s == PulseDeliveryState.Posting)); // delivered, the bot never heard: never sent again
        world.BeforePost = null;
        world.AfterPost = null;

        // "Restart": rows claimed by the dead process are taken back after the claim timeout; the ones in Posting are not.
        world.Time.Advance(PulseSender.ClaimTimeout + TimeSpan.FromMinutes(1));
        await world.Tick();

        Assert.All(people, p => Assert.Single(world.PostsTo(p)));
        Assert.Equal(20, world.Posts.Count);
        _ = survey;
    }

    [Fact]
    public async Task SendPending_RateLimitedDuringFanOut_WaitsItOutAndSendsEveryoneOnce()
    {
        await using var world = new PulseTestWorld(new() { ["Pulse:SendConcurrency"] = "1" });
        var people = world.AddPeople(5);
        await world.Open();
        var limited = new TaskCompletionSource();
        var refusedOnce = 0;
        world.BeforePost = (m, _) =>
        {
            if (m.Channel == people[2] && Interlocked.Exchange(ref refusedOnce, 1) == 0)
            {
                limited.SetResult();
                throw new SlackException("ratelimited", "chat.postMessage");
            }

            return Task.CompletedTask;
        };

        var run = world.Tick();
        await limited.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The sender sleeps out the pause on the clock (with concurrency 1 nothing else is sent meanwhile).
        var pause = await world.Time.WaitForTimer(PulseSender.RateLimitPause, PulseSender.RateLimitPause);
        Assert.False(run.IsCompleted);
        var beforePause = world.Posts.Count;
        world.Time.Advance(PulseSender.RateLimitPause - TimeSpan.FromSeconds(1));
        Assert.True(world.Time.IsPending(pause));
        Assert.Equal(beforePause, world.Posts.Count);
        world.Time.Advance(TimeSpan.FromSeconds(1));
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(people, p => Assert.Single(world.PostsTo(p)));
    }

    [Fact]
    public async Task SendPending_DmsPerMinute60_StartsOneDmASecondOnTheClock()
    {
        // One sender, so that the clock jumps only while the one thing that reads it sleeps: with several, one sleeps
        // on the pacer while another is about to record its post time and the jump moves that reading (this failed CI
        // with the first post at :01). The pacer's spacing of concurrent callers is PulsePacerTests'.
        await using var world = new PulseTestWorld(new() { ["Pulse:DmsPerMinute"] = "60", ["Pulse:SendConcurrency"] = "1" });
        var people = world.AddPeople(5);
        await world.Open();
        var postedAt = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        world.BeforePost = (_, _) =>
        {
            postedAt.Enqueue(world.Time.GetUtcNow());
            return Task.CompletedTask;
        };
        var start = world.Time.GetUtcNow();

        // The clock moves only while the sender sleeps, so the spacing below is exact, not "at least".
        var slept = await world.Time.AdvanceWhileAsleep(world.Tick());

        Assert.All(people, p => Assert.Single(world.PostsTo(p)));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => start.AddSeconds(i)), postedAt.Order());
        Assert.Equal(TimeSpan.FromSeconds(4), slept);
    }

    [Fact]
    public async Task OpenIfDue_NotYetEveryWeeks_OpensNothing()
    {
        await using var world = new PulseTestWorld();
        world.AddPeople(1);
        var first = await world.InScope(sp => sp.GetRequiredService<PulseService>().OpenIfDue(PulseTestWorld.TeamId, force: false, CancellationToken.None));
        world.Time.Advance(TimeSpan.FromDays(7));
        var tooEarly = await world.InScope(sp => sp.GetRequiredService<PulseService>().OpenIfDue(PulseTestWorld.TeamId, force: false, CancellationToken.None));
        world.Time.Advance(TimeSpan.FromDays(7));
        var second = await world.InScope(sp => sp.GetRequiredService<PulseService>().OpenIfDue(PulseTestWorld.TeamId, force: false, CancellationToken.None));

        Assert.NotNull(first);
        Assert.Null(tooEarly);
        Assert.NotNull(second);
        Assert.False(first.IncludesEnps);
        Assert.True(second!.IncludesEnps); // every second survey asks the eNPS question
    }
}
