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
    public async Task SendPending_CrashAfterHalfTheDms_ResumesWithoutAnyDuplicate()
    {
        await using var world = new PulseTestWorld(new() { ["Pulse:SendConcurrency"] = "4" });
        var people = world.AddPeople(20);
        var survey = (await world.Open())!;
        using var crash = new CancellationTokenSource();
        var accepted = 0;
        world.AfterPost = (_, _) =>
        {
            // Slack accepted the 10th DM, then the process "died" before it heard back.
            if (Interlocked.Increment(ref accepted) == 10)
            {
                crash.Cancel();
                throw new OperationCanceledException(crash.Token);
            }

            return Task.CompletedTask;
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => world.InScope(async sp =>
        {
            var pulse = sp.GetRequiredService<PulseService>();
            var tracked = await sp.GetRequiredService<BotDbContext>().Set<PulseSurvey>().AsNoTracking().SingleAsync();
            await pulse.RecordAudience(tracked, [.. people.Select(p => new PulseRecipient(p, null))], crash.Token);
            await sp.GetRequiredService<PulseSender>().SendPending(tracked, crash.Token);
        }));
        var beforeRestart = world.Posts.Count;
        Assert.InRange(beforeRestart, 10, 13);
        world.AfterPost = null;

        // "Restart": rows claimed by the dead process are taken back after the claim timeout; the one in Posting is not.
        world.Time.Advance(PulseSender.ClaimTimeout + TimeSpan.FromMinutes(1));
        await world.Tick();

        var perPerson = people.ToDictionary(p => p, p => world.PostsTo(p).Count);
        Assert.All(perPerson.Values, n => Assert.Equal(1, n));
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
        await limited.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(100); // let the sender reach its pause (real time; the pause itself is on the fake clock)
        Assert.False(run.IsCompleted);
        while (!run.IsCompleted)
        {
            world.Time.Advance(PulseSender.RateLimitPause);
            await Task.WhenAny(run, Task.Delay(50));
        }

        await run;
        Assert.All(people, p => Assert.Single(world.PostsTo(p)));
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
