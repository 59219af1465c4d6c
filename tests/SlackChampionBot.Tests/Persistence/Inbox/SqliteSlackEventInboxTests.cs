using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using SlackChampionBot.Persistence;
using SlackChampionBot.Persistence.Inbox;
using SlackChampionBot.Slack.Inbox;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Persistence.Inbox;

public sealed class SqliteSlackEventInboxTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private readonly TempDirectory _temp = new();
    private readonly string _connectionString;

    public SqliteSlackEventInboxTests()
    {
        _connectionString = $"Data Source={_temp.File("inbox.db")}";
        using var db = NewContext();
        db.Database.Migrate();
    }

    public void Dispose() => _temp.Dispose();

    private BotDbContext NewContext() =>
        new(new DbContextOptionsBuilder<BotDbContext>().UseSqlite(_connectionString + ";Pooling=false").Options);

    private SqliteSlackEventInbox NewInbox() => new(_connectionString, 5000, NullLogger<SqliteSlackEventInbox>.Instance);

    private static SlackInboxEvent Event(string id, DateTime? at = null) =>
        new(id, "T111", "message", $$$"""{"type":"event_callback","event_id":"{{{id}}}","event":{"type":"message","text":"Grüße 👋"}}""", at ?? T0);

    private long CountRows(string where = "1=1")
    {
        using var connection = new SqliteConnection(_connectionString + ";Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM slack_event_inbox WHERE {where}";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task TryAdd_ConcurrentDuplicates_StoredOnceAndExactlyOneIsNew()
    {
        await using var inbox = NewInbox();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => inbox.TryAdd(Event(i % 2 == 0 ? "EvSame" : $"Ev{i}"), default))));

        Assert.Equal(1, results.Where((_, i) => i % 2 == 0).Count(r => r));
        Assert.All(results.Where((_, i) => i % 2 == 1), Assert.True);
        Assert.Equal(101, CountRows());
        Assert.Equal(1, CountRows("event_id = 'EvSame'"));
    }

    [Fact]
    public async Task TryAdd_SameEventTwiceInOneBatch_SecondIsDuplicate()
    {
        await using var inbox = NewInbox();

        // Both enqueued before the writer can take either: they land in the same transaction.
        var first = inbox.TryAdd(Event("EvTwin"), default);
        var second = inbox.TryAdd(Event("EvTwin"), default);

        Assert.True(await first);
        Assert.False(await second);
        Assert.Equal(1, CountRows());
    }

    [Fact]
    public async Task TryAdd_1000Parallel_AllDurableWhenTheirTasksComplete()
    {
        await using var inbox = NewInbox();

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(() => inbox.TryAdd(Event($"Ev{i:D4}"), default))));

        Assert.All(results, Assert.True);

        // Read through a separate connection while the inbox is still open: completed means committed.
        Assert.Equal(1000, CountRows());
    }

    [Fact]
    public async Task TryAdd_ThenReopen_RowsSurviveAndAreClaimedAfterRestart()
    {
        await using (var before = NewInbox())
        {
            Assert.True(await before.TryAdd(Event("EvA", T0), default));
            Assert.True(await before.TryAdd(Event("EvB", T0.AddSeconds(1)), default));
            await before.MarkDone("EvA", T0.AddSeconds(2), default);
        }

        await using var after = NewInbox();
        var due = await after.ClaimDue(T0.AddMinutes(1), 10, default);

        var item = Assert.Single(due);
        Assert.Equal("EvB", item.EventId);
        Assert.Equal("T111", item.TeamId);
        Assert.Equal("message", item.EventType);
        Assert.Contains("Grüße 👋", item.RawJson);
        Assert.Equal(T0.AddSeconds(1), item.ReceivedAt);
        Assert.Equal(DateTimeKind.Utc, item.ReceivedAt.Kind);
        Assert.False(await after.TryAdd(Event("EvA"), default));
    }

    [Fact]
    public async Task ClaimDue_OnlyPendingAndDue_OldestFirstWithinLimit()
    {
        await using var inbox = NewInbox();
        await inbox.TryAdd(Event("Ev3", T0.AddSeconds(3)), default);
        await inbox.TryAdd(Event("Ev1", T0.AddSeconds(1)), default);
        await inbox.TryAdd(Event("Ev2", T0.AddSeconds(2)), default);
        await inbox.TryAdd(Event("EvLater", T0.AddMinutes(5)), default);

        var due = await inbox.ClaimDue(T0.AddSeconds(10), 2, default);

        Assert.Equal(["Ev1", "Ev2"], due.Select(e => e.EventId));
    }

    [Fact]
    public async Task ClaimDue_ClaimedRowsStillRunning_AreNotReturnedAgainAndTheNextClaimGoesOn()
    {
        await using var inbox = NewInbox();
        for (var i = 0; i < 5; i++)
        {
            await inbox.TryAdd(Event($"Ev{i}", T0), default);
        }

        var first = await inbox.ClaimDue(T0.AddSeconds(1), 3, default);
        var second = await inbox.ClaimDue(T0.AddSeconds(1), 3, default);
        var third = await inbox.ClaimDue(T0.AddSeconds(1), 3, default);

        Assert.Equal(["Ev0", "Ev1", "Ev2"], first.Select(e => e.EventId));
        Assert.Equal(["Ev3", "Ev4"], second.Select(e => e.EventId));
        Assert.Empty(third);
        Assert.Equal(5, CountRows("status = 'pending'"));
    }

    [Fact]
    public async Task ClaimDue_EventReceivedEarlierButStoredAfterAClaim_IsStillClaimed()
    {
        await using var inbox = NewInbox();
        await inbox.TryAdd(Event("EvLate", T0.AddSeconds(5)), default);
        Assert.Single(await inbox.ClaimDue(T0.AddSeconds(6), 10, default));

        // A request that read the clock before the claim but reached the writer after it.
        await inbox.TryAdd(Event("EvEarly", T0.AddSeconds(1)), default);

        Assert.Equal("EvEarly", Assert.Single(await inbox.ClaimDue(T0.AddSeconds(6), 10, default)).EventId);
        await using var db = NewContext();
        Assert.Equal(T0.AddSeconds(1), (await db.SlackEventInbox.AsNoTracking().SingleAsync(e => e.EventId == "EvEarly")).ReceivedAt);
    }

    [Fact]
    public async Task ClaimDue_RetriedAfterAClaim_IsClaimedAgainWhenDue()
    {
        await using var inbox = NewInbox();
        await inbox.TryAdd(Event("EvRetry", T0), default);
        await inbox.TryAdd(Event("EvNext", T0), default);
        Assert.Equal(2, (await inbox.ClaimDue(T0, 10, default)).Count);

        await inbox.MarkFailed("EvRetry", "boom", 1, T0.AddSeconds(2), default);
        await inbox.MarkDone("EvNext", T0, default);

        Assert.Empty(await inbox.ClaimDue(T0.AddSeconds(1), 10, default));
        Assert.Equal("EvRetry", Assert.Single(await inbox.ClaimDue(T0.AddSeconds(2), 10, default)).EventId);
    }

    [Fact]
    public async Task ClaimDue_ClaimedButNotFinishedBeforeAStop_IsClaimedAgainByTheNextInstance()
    {
        await using (var before = NewInbox())
        {
            await before.TryAdd(Event("EvA", T0), default);
            await before.TryAdd(Event("EvB", T0), default);
            Assert.Equal(2, (await before.ClaimDue(T0, 10, default)).Count);
            await before.MarkDone("EvA", T0, default);
        }

        await using var after = NewInbox();
        Assert.Equal("EvB", Assert.Single(await after.ClaimDue(T0, 10, default)).EventId);
    }

    [Fact]
    public async Task MarkFailed_WithRetryTime_IsPendingAndDueOnlyThen()
    {
        await using var inbox = NewInbox();
        await inbox.TryAdd(Event("EvRetry"), default);

        await inbox.MarkFailed("EvRetry", "InvalidOperationException: boom", 1, T0.AddSeconds(2), default);

        Assert.Empty(await inbox.ClaimDue(T0.AddSeconds(1.999), 10, default));
        var due = Assert.Single(await inbox.ClaimDue(T0.AddSeconds(2), 10, default));
        Assert.Equal(1, due.Attempts);
        await using var db = NewContext();
        var row = await db.SlackEventInbox.AsNoTracking().SingleAsync();
        Assert.Equal(SlackInboxStatus.Pending, row.Status);
        Assert.Equal("InvalidOperationException: boom", row.LastError);
        Assert.Equal(T0.AddSeconds(2), row.NextAttemptAt);
    }

    [Fact]
    public async Task MarkFailed_WithoutRetryTime_IsFailedForGoodAndNeverClaimed()
    {
        await using var inbox = NewInbox();
        await inbox.TryAdd(Event("EvDead"), default);

        await inbox.MarkFailed("EvDead", new string('x', 5000), 5, null, default);

        Assert.Empty(await inbox.ClaimDue(T0.AddYears(1), 10, default));
        await using var db = NewContext();
        var row = await db.SlackEventInbox.AsNoTracking().SingleAsync();
        Assert.Equal(SlackInboxStatus.Failed, row.Status);
        Assert.Equal(5, row.Attempts);
        Assert.Equal(SlackEventInboxEntryConfiguration.MaxErrorLength, row.LastError!.Length);
        Assert.Equal(1, CountRows("status = 'failed'"));
    }

    [Fact]
    public async Task MarkDone_RowIsDoneWithProcessedTimeAndNotClaimed()
    {
        await using var inbox = NewInbox();
        await inbox.TryAdd(Event("EvDone"), default);

        await inbox.MarkDone("EvDone", T0.AddSeconds(3), default);

        Assert.Empty(await inbox.ClaimDue(T0.AddYears(1), 10, default));
        await using var db = NewContext();
        var row = await db.SlackEventInbox.AsNoTracking().SingleAsync();
        Assert.Equal(SlackInboxStatus.Done, row.Status);
        Assert.Equal(T0.AddSeconds(3), row.ProcessedAt);
        Assert.Equal(T0, row.ReceivedAt);
    }

    [Fact]
    public async Task MarkDone_DropsTheBody_KeepsIdTypeTeamTransportAndTimes()
    {
        await using var inbox = NewInbox();
        await inbox.TryAdd(Event("EvBody") with { Transport = "socket_mode" }, default);

        await inbox.MarkDone("EvBody", T0.AddSeconds(3), default);

        await using var db = NewContext();
        var row = await db.SlackEventInbox.AsNoTracking().SingleAsync();
        Assert.Null(row.RawJson);
        Assert.Equal(("EvBody", "T111", "message", "socket_mode", T0, T0.AddSeconds(3)), (row.EventId, row.TeamId, row.EventType, row.Transport, row.ReceivedAt, row.ProcessedAt));
    }

    [Fact]
    public async Task TryAdd_Tombstone_IsStoredDoneWithoutBodyNeverClaimedAndDedupesItsRetry()
    {
        await using var inbox = NewInbox();

        Assert.True(await inbox.TryAdd(SlackInboxEvent.Tombstone("EvDm", "T111", "message", T0, "http"), default));
        Assert.False(await inbox.TryAdd(SlackInboxEvent.Tombstone("EvDm", "T111", "message", T0.AddSeconds(1), "http"), default));

        Assert.Empty(await inbox.ClaimDue(T0.AddYears(1), 10, default));
        await using var db = NewContext();
        var row = await db.SlackEventInbox.AsNoTracking().SingleAsync();
        Assert.Equal(SlackInboxStatus.Done, row.Status);
        Assert.Null(row.RawJson);
        Assert.Equal(T0, row.ProcessedAt);
    }

    [Fact]
    public async Task Connection_RunsWithSecureDelete()
    {
        await using var inbox = NewInbox();
        // A body longer than a page, as a long message with blocks is: it spills into overflow pages, which a plain
        // delete would free with their bytes intact.
        await inbox.TryAdd(Event("EvSecure") with { RawJson = Event("EvSecure").RawJson!.Replace("Grüße", "Grüße " + new string('x', 6000), StringComparison.Ordinal) }, default);
        await inbox.MarkDone("EvSecure", T0, default);

        // What the writer's connection leaves in the file: the body's bytes are zeroed, not left in free space.
        await using (var db = NewContext())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }

        var bytes = System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(_temp.File("inbox.db")));
        Assert.DoesNotContain("Grüße", bytes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryAdd_TableMissing_FailsThenWorksOnceMigrated()
    {
        var bare = $"Data Source={_temp.File("bare.db")}";
        await using var inbox = new SqliteSlackEventInbox(bare, 5000, NullLogger<SqliteSlackEventInbox>.Instance);

        await Assert.ThrowsAsync<SqliteException>(() => inbox.TryAdd(Event("EvEarly"), default));
        await using (var db = new BotDbContext(new DbContextOptionsBuilder<BotDbContext>().UseSqlite(bare + ";Pooling=false").Options))
        {
            await db.Database.MigrateAsync();
        }

        Assert.True(await inbox.TryAdd(Event("EvEarly"), default));
    }

    [Fact]
    public async Task Connection_UsesWalAndSynchronousNormal()
    {
        await using var inbox = NewInbox();
        await inbox.TryAdd(Event("EvWal"), default);

        // journal_mode is a property of the file (any connection sees it); synchronous is per connection, so it is
        // read on the writer's own connection: 1 is NORMAL (FULL, SQLite's default, is 2).
        using var connection = new SqliteConnection(_connectionString + ";Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        Assert.Equal(1L, await inbox.ReadPragma("synchronous"));
        Assert.Equal(1L, await inbox.ReadPragma("secure_delete"));
    }
}
