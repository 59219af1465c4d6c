using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SlackChampionBot.Persistence;
using SlackChampionBot.Persistence.Inbox;
using SlackChampionBot.Slack.Inbox;

namespace SlackChampionBot.Tests.Persistence.Inbox;

public sealed class InboxPruneJobTests
{
    [Fact]
    public async Task Run_OldDoneAndVeryOldFailed_AreRemovedAndPendingIsKept()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var options = new DbContextOptionsBuilder<BotDbContext>().UseSqlite(connection).Options;
        await using var db = new BotDbContext(options);
        await db.Database.MigrateAsync();
        var now = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
        db.AddRange(
            Entry("old-done", SlackInboxStatus.Done, now.AddDays(-8)),
            Entry("new-done", SlackInboxStatus.Done, now.AddDays(-6)),
            Entry("old-failed", SlackInboxStatus.Failed, now.AddDays(-31)),
            Entry("recent-failed", SlackInboxStatus.Failed, now.AddDays(-8)),
            Entry("ancient-pending", SlackInboxStatus.Pending, now.AddDays(-60)));
        await db.SaveChangesAsync();

        var job = new InboxPruneJob(db, new FakeTimeProvider(now), NullLogger<InboxPruneJob>.Instance);
        await job.Run(CancellationToken.None);
        await job.Run(CancellationToken.None);

        var left = await db.Set<SlackEventInboxEntry>().AsNoTracking().Select(e => e.EventId).OrderBy(e => e).ToListAsync();
        Assert.Equal(["ancient-pending", "new-done", "recent-failed"], left);
    }

    private static SlackEventInboxEntry Entry(string id, SlackInboxStatus status, DateTime receivedAt) => new()
    {
        EventId = id,
        TeamId = "T0TEAM",
        EventType = "message",
        RawJson = "{}",
        ReceivedAt = receivedAt,
        Status = status,
        NextAttemptAt = receivedAt,
    };
}
