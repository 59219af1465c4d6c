using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Slack;
using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.WebApi;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Pulse;

/// <summary>
/// The closing path (<see cref="PulseCloser"/>): the closing transaction, the paced, resumable DM clean-up, and the HR
/// commands around it (<c>/pulse close</c>, <c>send-now</c>, <c>results</c> while a pulse is open).
/// </summary>
public sealed class PulseCloseTests
{
    [Fact]
    public async Task CloseCommand_ByHr_ClosesNowUpdatesEveryDmDeletesTheReminderAndLeavesNoRow()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(4);
        var survey = (await world.Open())!;
        await world.Tick();
        foreach (var p in people.Take(3))
        {
            await world.Click(p, survey.Id, 0, 4);
        }

        world.Time.Advance(TimeSpan.FromHours(24));
        await world.Tick(); // the reminder goes to the one who has not answered
        var dms = world.Posts.Where(m => m.Text!.StartsWith("A short pulse", StringComparison.Ordinal)).Select(m => m.Channel!).ToList();
        Assert.Equal(4, dms.Count);
        var reminderTs = await world.Db(db => db.Set<PulseDelivery>().Where(d => d.ReminderTs != null).Select(d => new { d.ChannelId, d.ReminderTs }).SingleAsync());
        var surveyTs = await world.Db(db => db.Set<PulseDelivery>().Select(d => d.MessageTs!).ToListAsync());
        var updatesBefore = world.Updates.Count;

        var answer = await world.Command(PulseTestWorld.Hr, "close");
        Assert.StartsWith("Closing the pulse that opened 17 Mar.", answer.Message!.Text, StringComparison.Ordinal);
        await world.RunBackgroundWork();

        var closed = await world.Db(db => db.Set<PulseSurvey>().AsNoTracking().SingleAsync());
        Assert.NotNull(closed.ClosedAt);
        Assert.NotNull(closed.CleanedUpAt);
        Assert.Null(closed.Salt);
        Assert.True(closed.ClosesAt > closed.ClosedAt); // early
        var closing = world.Updates.Skip(updatesBefore).ToList();
        Assert.Equal(surveyTs.Order(), closing.Select(u => u.Ts).Order());
        Assert.All(closing, u => Assert.Equal(PulseBlocks.ClosedText, u.Text));
        Assert.All(closing, u => Assert.DoesNotContain(u.Blocks!, b => b is ActionsBlock));
        Assert.Equal((reminderTs.ChannelId, reminderTs.ReminderTs), Assert.Single(world.Deletes));
        Assert.Equal(0, await world.Db(db => db.Set<PulseDelivery>().CountAsync()));
        Assert.Equal(0, await world.Db(db => db.Set<PulseParticipation>().CountAsync()));
        Assert.Equal(3, await world.Db(db => db.Set<PulseResponse>().CountAsync()));

        // A click on the old DM now only says it has closed.
        await world.Click(people[3], survey.Id, 0, 1);
        Assert.Equal(PulseBlocks.ClosedText, world.Updates.Last().Text);
    }

    [Fact]
    public async Task CloseCommand_NothingOpen_SaysSoAndQueuesNothing()
    {
        await using var world = new PulseTestWorld();

        var answer = await world.Command(PulseTestWorld.Hr, "close");

        Assert.Equal(PulseBlocks.NothingToClose, answer.Message!.Text);
        Assert.Empty(world.Services.GetRequiredService<RecordedBackgroundJobs>().Waiting);
    }

    [Fact]
    public async Task SendNow_NoneOpen_OpensAPulseAndSaysWhenItCloses_ThenASecondSaysOneIsOpen()
    {
        await using var world = new PulseTestWorld();
        world.AddPeople(2);

        var first = await world.Command(PulseTestWorld.Hr, "send-now");
        var survey = await world.Db(db => db.Set<PulseSurvey>().AsNoTracking().SingleAsync());
        var closes = new DateTimeOffset(survey.ClosesAt).ToUnixTimeSeconds();
        Assert.Equal($"Opened a pulse: the DMs go out over the next minutes. It closes <!date^{closes}^{{date_short_pretty}} at {{time}}|Fri 20 Mar 09:00 UTC> (or earlier with `/pulse close`).", first.Message!.Text);
        await world.RunBackgroundWork();
        Assert.Equal(2, world.Posts.Count); // the tick it queued sent the DMs

        var second = await world.Command(PulseTestWorld.Hr, "send-now");
        Assert.Equal($"A pulse is already open, closing <!date^{closes}^{{date_short_pretty}} at {{time}}|Fri 20 Mar 09:00 UTC>, so no new one was opened. `/pulse close` closes it now.", second.Message!.Text);
        Assert.Equal(1, await world.Db(db => db.Set<PulseSurvey>().CountAsync()));
    }

    [Fact]
    public async Task Results_WhileAPulseIsOpen_SayItIsOpenAndWhenItCloses_BesideTheLatestClosedResults()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(5);
        Assert.Equal("No pulse has closed yet, so there are no results to show.", (await world.Command(PulseTestWorld.Hr, "results")).Message!.Text);

        var first = (await world.Open())!;
        await world.Tick();
        var whileOpen = (await world.Command(PulseTestWorld.Hr, "results")).Message!.Text;
        Assert.StartsWith("A pulse is open until <!date^", whileOpen, StringComparison.Ordinal);
        Assert.EndsWith("its results are shown once it closes. No pulse has closed yet, so there are no results to show.", whileOpen, StringComparison.Ordinal);

        await world.AnswerAll(first.Id, people, 0, 5);

        await world.CloseByTime();
        await world.Open();
        var answer = (await world.Command(PulseTestWorld.Hr, "results")).Message!;
        var notice = Assert.IsType<ContextBlock>(answer.Blocks![0]);
        Assert.StartsWith("A pulse is open until <!date^", Assert.IsType<ContextText>(Assert.Single(notice.Elements)).Text, StringComparison.Ordinal);
        Assert.Contains(answer.Blocks, b => b is HeaderBlock h && h.Text.Text == "Pulse results: 17 Mar 2026");
    }

    [Fact]
    public async Task Export_NothingClosed_SaysNoExportWithoutAStrayCapital()
    {
        await using var world = new PulseTestWorld();
        await world.Command(PulseTestWorld.Hr, "export");
        await world.RunBackgroundWork();

        var note = Assert.Single(world.Posts, m => m.Channel == PulseTestWorld.DmOf(PulseTestWorld.Hr));
        Assert.Equal("No export: no pulse has closed yet, so there are no results to show.", note.Text);
    }

    [Fact]
    public async Task CleanUp_PacedAtCloseUpdatesPerMinute_WaitsOnTheClockBetweenUpdates()
    {
        await using var world = new PulseTestWorld(new() { ["Pulse:CloseUpdatesPerMinute"] = "60" });
        world.AddPeople(4);
        var survey = (await world.Open())!;
        await world.Tick();
        var start = world.Time.GetUtcNow();

        var run = world.InScope(sp => sp.GetRequiredService<PulseCloser>().CloseAndCleanUp(survey.Id, CancellationToken.None));
        var slept = await world.Time.AdvanceWhileAsleep(run);

        Assert.True(await run);
        Assert.Equal(4, world.Updates.Count(u => u.Text == PulseBlocks.ClosedText));

        // 60 a minute: the 2nd, 3rd and 4th update each waited exactly a second of the bot's clock (the clock moved
        // only while the closer slept, so this is exact however slow the machine).
        Assert.Equal(TimeSpan.FromSeconds(3), slept);
        Assert.Equal(start + slept, world.Time.GetUtcNow());
    }

    [Fact]
    public async Task CleanUp_RateLimitedAfterTheClientsRetries_StopsAndTheNextTickFinishesWithOneUpdatePerDm()
    {
        await using var world = new PulseTestWorld();
        world.AddPeople(4);
        await world.Open();
        await world.Tick();
        var calls = 0;
        FailUpdates(world, _ => Interlocked.Increment(ref calls) == 2 ? "ratelimited" : null);

        await world.CloseByTime();
        var survey = await world.Db(db => db.Set<PulseSurvey>().AsNoTracking().SingleAsync());
        Assert.NotNull(survey.ClosedAt);
        Assert.Null(survey.CleanedUpAt);
        Assert.Equal(3, await world.Db(db => db.Set<PulseDelivery>().CountAsync()));

        await world.Tick();
        Assert.NotNull((await world.Db(db => db.Set<PulseSurvey>().AsNoTracking().SingleAsync())).CleanedUpAt);
        Assert.Equal(4, world.Updates.Select(u => u.ChannelId).Distinct().Count());
        Assert.Equal(4, world.Updates.Count);
    }

    [Fact]
    public async Task CleanUp_OneDmKeepsFailing_GivesUpAfterFiveAttemptsAndFinishes()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(3);
        await world.Open();
        await world.Tick();
        FailUpdates(world, u => u.ChannelId == PulseTestWorld.DmOf(people[1]) ? "internal_error" : null);

        await world.CloseByTime();
        for (var tick = 2; tick <= PulseCloser.MaxAttempts; tick++)
        {
            Assert.Null((await world.Db(db => db.Set<PulseSurvey>().AsNoTracking().SingleAsync())).CleanedUpAt);
            Assert.Equal(1, await world.Db(db => db.Set<PulseDelivery>().CountAsync()));
            await world.Tick();
        }

        Assert.NotNull((await world.Db(db => db.Set<PulseSurvey>().AsNoTracking().SingleAsync())).CleanedUpAt);
        Assert.Equal(0, await world.Db(db => db.Set<PulseDelivery>().CountAsync()));
        Assert.Equal([PulseTestWorld.DmOf(people[0]), PulseTestWorld.DmOf(people[2])], world.Updates.Select(u => u.ChannelId).Order());
    }

    [Fact]
    public async Task CleanUp_MessageAlreadyGone_CountsAsTidied()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(2);
        await world.Open();
        await world.Tick();
        FailUpdates(world, u => u.ChannelId == PulseTestWorld.DmOf(people[0]) ? "message_not_found" : null);

        await world.CloseByTime();

        Assert.NotNull((await world.Db(db => db.Set<PulseSurvey>().AsNoTracking().SingleAsync())).CleanedUpAt);
        Assert.Equal([PulseTestWorld.DmOf(people[1])], world.Updates.Select(u => u.ChannelId));
    }

    /// <summary>chat.update answers with the error <paramref name="error"/> gives (null: it succeeds and is recorded).</summary>
    private static void FailUpdates(PulseTestWorld world, Func<MessageUpdate, string?> error) =>
        world.Chat.Setup(c => c.Update(It.IsAny<MessageUpdate>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((MessageUpdate u, CancellationToken _) =>
            {
                if (error(u) is { } code)
                {
                    throw new SlackException(code, "chat.update");
                }

                world.Updates.Enqueue(u);
                return new MessageUpdateResponse { Channel = u.ChannelId, Ts = u.Ts };
            });
}
