using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Persistence;
using SlackChampionBot.Tests.Features.Pulse;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Persistence;

/// <summary>The pragmas every connection of the bot runs with, checked on the bundled SQLite build.</summary>
public sealed class SqliteConnectionSetupTests
{
    private const string Marker = "DELETED-ROW-MARKER-0123456789";

    [Fact]
    public void Apply_ConnectionOpenedByTheBotsDbContext_ReadsBackSecureDeleteOn()
    {
        using var temp = new TempDirectory();
        using var db = NewContext(temp.File("bot.db"));
        db.Database.OpenConnection();

        Assert.Equal(1L, Scalar(db.Database.GetDbConnection(), "PRAGMA secure_delete"));
        Assert.Equal(1L, Scalar(db.Database.GetDbConnection(), "PRAGMA synchronous")); // NORMAL
        Assert.Equal(1L, Scalar(db.Database.GetDbConnection(), "PRAGMA foreign_keys"));
    }

    [Fact]
    public void Delete_ThroughTheBotsConnectionThenCheckpoint_LeavesNoByteOfTheRowInTheFileOrWal()
    {
        using var temp = new TempDirectory();
        var file = temp.File("bot.db");
        using (var db = NewContext(file))
        {
            db.Database.OpenConnection();
            WriteCheckpointDeleteCheckpoint(db.Database.GetDbConnection());
            Assert.Empty(PulseDatabaseScan.FoundInFileBytes(file, [Marker]));
        }
    }

    [Fact]
    public void Delete_WithoutSecureDelete_LeavesTheRowInTheFile_SoTheScanCanSeeIt()
    {
        // The control: the bundled SQLite's default keeps deleted content in free space, and the byte scan finds it.
        using var temp = new TempDirectory();
        var file = temp.File("plain.db");
        using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
        connection.Open();
        Assert.Equal(0L, Scalar(connection, "PRAGMA secure_delete"));
        WriteCheckpointDeleteCheckpoint(connection);
        Assert.Equal([Marker], PulseDatabaseScan.FoundInFileBytes(file, [Marker]));
    }

    private static BotDbContext NewContext(string file)
    {
        var builder = new DbContextOptionsBuilder<BotDbContext>();
        PersistenceServiceCollectionExtensions.Configure(builder, new DatabaseOptions { ConnectionString = $"Data Source={file};Pooling=false", BusyTimeoutMilliseconds = 1000 });
        return new BotDbContext((DbContextOptions<BotDbContext>)builder.Options);
    }

    /// <summary>Rows in the main file (checkpointed), then deleted, then the WAL checkpointed and truncated.</summary>
    private static void WriteCheckpointDeleteCheckpoint(System.Data.Common.DbConnection connection)
    {
        Execute(connection, "PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE keep (v TEXT);");
        for (var i = 0; i < 50; i++)
        {
            Execute(connection, $"INSERT INTO t (v) VALUES ('{Marker}-{i:D3}'); INSERT INTO keep (v) VALUES ('kept-{i}');");
        }

        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        Execute(connection, "DELETE FROM t;");
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    private static void Execute(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
