using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SlackChampionBot.Persistence;
using SlackChampionBot.Persistence.Inbox;
using SlackChampionBot.Slack.Inbox;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Persistence.Inbox;

public sealed class InboxPruneJobTests
{
    [Fact]
    public async Task Run_OldDoneAndVeryOldFailed_AreRemovedAndPendingIsKept()
    {
        await using var database = TestDatabase.Create();
        await using var db = database.NewContext();
        var now = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
        db.AddRange(
            Entry("old-done", SlackInboxStatus.Done, now.AddDays(-8)),
            Entry("new-done", SlackInboxStatus.Done, now.AddDays(-6)),
            Entry("old-failed", SlackInboxStatus.Failed, now.AddDays(-31)),
            Entry("recent-failed", SlackInboxStatus.Failed, now.AddDays(-8)),
            Entry("ancient-pending", SlackInboxStatus.Pending, now.AddDays(-60)));
        await db.SaveChangesAsync();

        var job = new InboxPruneJob(db, Options.Create(new InboxOptions()), new FakeTimeProvider(now), NullLogger<InboxPruneJob>.Instance);
        await job.Run(CancellationToken.None);
        await job.Run(CancellationToken.None);

        var left = await db.Set<SlackEventInboxEntry>().AsNoTracking().Select(e => e.EventId).OrderBy(e => e).ToListAsync();
        Assert.Equal(["ancient-pending", "new-done", "recent-failed"], left);
    }

    [Fact]
    public async Task Run_FailedBodiesOlderThanTheRetention_AreBlankedAndTheRowsKept()
    {
        await using var database = TestDatabase.Create();
        await using var db = database.NewContext();
        var now = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
        db.AddRange(
            Entry("failed-8-days", SlackInboxStatus.Failed, now.AddDays(-8)),
            Entry("failed-2-days", SlackInboxStatus.Failed, now.AddDays(-2)),
            Entry("done-with-old-body", SlackInboxStatus.Done, now.AddHours(-1)),
            Entry("pending", SlackInboxStatus.Pending, now.AddDays(-9)));
        await db.SaveChangesAsync();

        await new InboxPruneJob(db, Options.Create(new InboxOptions { FailedBodyDays = 7 }), new FakeTimeProvider(now), NullLogger<InboxPruneJob>.Instance).Run(CancellationToken.None);

        var bodies = await db.Set<SlackEventInboxEntry>().AsNoTracking().OrderBy(e => e.EventId).Select(e => new { e.EventId, e.RawJson }).ToListAsync();
        Assert.Equal(
            [("done-with-old-body", (string?)null), ("failed-2-days", "{}"), ("failed-8-days", null), ("pending", "{}")],
            bodies.Select(b => (b.EventId, b.RawJson)));
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
