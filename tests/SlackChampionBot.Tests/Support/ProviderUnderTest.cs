using SlackChampionBot.Persistence;

namespace SlackChampionBot.Tests.Support;

/// <summary>
/// The database these tests run on: SQLite here. SlackChampionBot.Tests.Postgres compiles the database tests again
/// with its own copy of this class (and of <see cref="SqliteOnlyFactAttribute"/>) naming PostgreSQL.
/// </summary>
internal static class ProviderUnderTest
{
    public static DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

/// <summary>A test about SQLite itself (its file, its pragmas) in a file that otherwise runs on both providers.</summary>
internal sealed class SqliteOnlyFactAttribute : FactAttribute;
