using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Persistence;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Persistence;

public sealed class MigrationTests
{
    [Fact]
    public async Task Start_FreshFile_AppliesEveryMigrationAndTurnsOnWal()
    {
        using var temp = new TempDirectory();
        var file = temp.File("nested/dir/bot.db");
        await using (var factory = new BotFactory(TestSettings.Valid(file)))
        {
            _ = factory.Server; // starts the host: the migration runner runs first

            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<BotDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.True(scope.ServiceProvider.GetRequiredService<MigrationState>().Applied);
        }

        await using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
        await connection.OpenAsync();
        Assert.Equal("wal", await Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(1L, await Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='star_entries'"));
        Assert.Equal(0L, await Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='workspaces'")); // dropped: nothing read it
    }

    [Fact]
    public void Model_EveryWorkspaceTable_CarriesTeamId()
    {
        var options = new DbContextOptionsBuilder<BotDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new BotDbContext(options);

        // Every table holds workspace data, so every table carries Slack's team_id (one database, several workspaces).
        var withoutTeam = db.Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null && e.GetProperties().All(p => p.GetColumnName() != "team_id"))
            .Select(e => e.GetTableName())
            .ToList();

        Assert.Empty(withoutTeam);
    }

    [Fact]
    public void Model_NamesAreSnakeCase()
    {
        var options = new DbContextOptionsBuilder<BotDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new BotDbContext(options);

        foreach (var entity in db.Model.GetEntityTypes())
        {
            Assert.Matches("^[a-z0-9_]+$", entity.GetTableName());
            foreach (var property in entity.GetProperties())
            {
                Assert.Matches("^[a-z0-9_]+$", property.GetColumnName());
            }
        }
    }

    [Fact]
    public void Model_HasNoChangesMissingFromMigrations()
    {
        var options = new DbContextOptionsBuilder<BotDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new BotDbContext(options);

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run dotnet ef migrations add <Name> --context BotDbContext --project src/SlackChampionBot --output-dir Persistence/Migrations");
    }

    /// <summary>PostgreSQL's migration set is checked the same way (no server needed: the model is compared with its snapshot).</summary>
    [Fact]
    public void PostgresModel_HasNoChangesMissingFromItsMigrations()
    {
        using var db = PersistenceServiceCollectionExtensions.CreateContext(new DatabaseOptions { Provider = "Postgres", ConnectionString = "Host=localhost;Database=unused" });

        Assert.IsType<PostgresBotDbContext>(db);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a PostgreSQL migration: run dotnet ef migrations add <Name> --context PostgresBotDbContext --project src/SlackChampionBot --output-dir Persistence/Migrations/Postgres");
    }

    /// <summary>Each provider runs only its own set: every migration has a twin of the same name in the other.</summary>
    [Fact]
    public void MigrationSets_AreOnePerProvider_WithTheSameNames()
    {
        using var sqlite = PersistenceServiceCollectionExtensions.CreateContext(new DatabaseOptions());
        using var postgres = PersistenceServiceCollectionExtensions.CreateContext(new DatabaseOptions { Provider = "Postgres", ConnectionString = "Host=localhost;Database=unused" });
        static string Name(string id) => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..];

        var sqliteSet = sqlite.Database.GetMigrations().ToList();
        var postgresSet = postgres.Database.GetMigrations().ToList();

        Assert.Empty(sqliteSet.Intersect(postgresSet));
        Assert.Contains("InitialCreate", postgresSet.Select(Name));
        Assert.Subset(sqliteSet.Select(Name).ToHashSet(), postgresSet.Select(Name).Where(n => n != "InitialCreate").ToHashSet());
    }

    [Theory]
    [InlineData("BotUserId", "bot_user_id")]
    [InlineData("TeamId", "team_id")]
    [InlineData("EventID", "event_id")]
    [InlineData("ISOWeek", "iso_week")]
    public void ToSnakeCase_PascalCase_BecomesSnakeCase(string name, string expected) =>
        Assert.Equal(expected, BotDbContext.ToSnakeCase(name));

    private static async Task<object?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
