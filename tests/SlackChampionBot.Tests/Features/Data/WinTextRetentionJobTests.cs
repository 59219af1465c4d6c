using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Features.Data;
using SlackChampionBot.Features.Wins;

namespace SlackChampionBot.Tests.Features.Data;

/// <summary>Data:RetainWinTextMonths: the daily job blanks older win texts and keeps what counts.</summary>
public sealed class WinTextRetentionJobTests
{
    private const string Alice = "U0ALICE";

    [Fact]
    public async Task Run_SixMonths_BlanksTextsOlderThanThat_KeepsStarsCreditsAndNewerTexts()
    {
        await using var world = await DataWorld.Start(new() { ["Data:RetainWinTextMonths"] = "6" }, new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
        world.Slack.AddUser(Alice, "alice", tz: "Europe/London");
        world.Slack.AddUser("U0BOB", "bob", tz: "Europe/London");
        var old = await world.Post(Alice, "#win The oldest story: a March rescue for Harbour Foods with <@U0BOB>");
        world.Bot.Time.Advance(TimeSpan.FromDays(60));
        var newer = await world.Post(Alice, "#win A May story that is younger than six months in September");
        var stars = (await world.Entries()).Sum(e => e.Amount);

        world.Bot.Time.SetUtcNow(new DateTimeOffset(2026, 9, 11, 3, 41, 0, TimeSpan.Zero)); // 6 months and a day after the first
        await world.Bot.InScope<WinTextRetentionJob, bool>(async job =>
        {
            await job.Run(CancellationToken.None);
            await job.Run(CancellationToken.None); // idempotent
            return true;
        });

        var wins = await world.Bot.Db(db => db.Set<Win>().AsNoTracking().Include(w => w.Credits).OrderBy(w => w.Id).ToListAsync());
        Assert.Equal((old, string.Empty), (wins[0].MessageTs, wins[0].Text));
        Assert.Equal(["U0BOB"], wins[0].Credits.Select(c => c.UserId));
        Assert.Equal(newer, wins[1].MessageTs);
        Assert.Equal("#win A May story that is younger than six months in September", wins[1].Text);
        Assert.Equal(stars, (await world.Entries()).Sum(e => e.Amount));
        Assert.Contains("its text is no longer kept", await world.Stars(Alice, string.Empty));
    }

    [Fact]
    public async Task Run_Off_KeepsEveryText()
    {
        await using var world = await DataWorld.Start(now: new DateTimeOffset(2020, 1, 10, 12, 0, 0, TimeSpan.Zero));
        world.Slack.AddUser(Alice, "alice");
        await world.Post(Alice, "#win A story from long ago that nobody asked to forget");
        world.Bot.Time.Advance(TimeSpan.FromDays(3000));

        await world.Bot.InScope<WinTextRetentionJob, bool>(async job =>
        {
            await job.Run(CancellationToken.None);
            return true;
        });

        Assert.NotEmpty(await world.Bot.Db(db => db.Set<Win>().Select(w => w.Text).SingleAsync()));
        Assert.Contains(world.Bot.Services.GetServices<SlackChampionBot.Scheduling.RecurringJobDefinition>(), d => d.Id == WinTextRetentionJob.JobId);
    }
}
