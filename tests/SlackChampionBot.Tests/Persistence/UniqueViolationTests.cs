using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Tests.Persistence;

/// <summary>Real SQLite (a kept-open in-memory database with every migration applied): which failed saves mean "already stored".</summary>
public sealed class UniqueViolationTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public UniqueViolationTests()
    {
        _connection.Open();
        using var db = NewContext();
        db.Database.Migrate();
    }

    [Fact]
    public async Task IsUniqueViolation_SameNaturalKeyTwice_IsTrue()
    {
        await Save(Entry("win:1:poster"));

        var failure = await SaveFails(Entry("win:1:poster"));

        Assert.True(failure.IsUniqueViolation());
    }

    [Fact]
    public async Task IsUniqueViolation_SamePrimaryKeyTwice_IsTrue()
    {
        await Save(Entry("win:1:poster", id: 7));

        var failure = await SaveFails(Entry("win:2:poster", id: 7));

        Assert.True(failure.IsUniqueViolation());
    }

    [Fact]
    public async Task IsUniqueViolation_NotNullColumnLeftEmpty_IsFalse()
    {
        var entry = Entry("win:1:poster");
        entry.ReceiverId = null!;

        Assert.False((await SaveFails(entry)).IsUniqueViolation());
    }

    [Fact]
    public async Task IsUniqueViolation_ConstraintOfAnotherKind_IsFalse()
    {
        // A trigger's ABORT is a constraint failure too (SQLITE_CONSTRAINT_TRIGGER), but nothing was stored before.
        await Execute("CREATE TRIGGER refuse BEFORE INSERT ON star_entries BEGIN SELECT RAISE(ABORT, 'refused'); END");

        Assert.False((await SaveFails(Entry("win:1:poster"))).IsUniqueViolation());
    }

    [Fact]
    public async Task IsUniqueViolation_TableMissing_IsFalse()
    {
        await Execute("DROP TABLE star_entries");

        Assert.False((await SaveFails(Entry("win:1:poster"))).IsUniqueViolation());
    }

    public void Dispose() => _connection.Dispose();

    private static StarEntry Entry(string naturalKey, long id = 0) => new()
    {
        Id = id,
        TeamId = "T1",
        ReceiverId = "U1",
        Amount = 1,
        Reason = StarReason.Win,
        NaturalKey = naturalKey,
        CreatedAt = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc),
    };

    private BotDbContext NewContext() => new(new DbContextOptionsBuilder<BotDbContext>().UseSqlite(_connection).Options);

    private async Task Save(StarEntry entry)
    {
        await using var db = NewContext();
        db.Add(entry);
        await db.SaveChangesAsync();
    }

    private async Task<DbUpdateException> SaveFails(StarEntry entry)
    {
        await using var db = NewContext();
        db.Add(entry);
        return await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    private async Task Execute(string sql)
    {
        await using var db = NewContext();
        await db.Database.ExecuteSqlRawAsync(sql);
    }
}
