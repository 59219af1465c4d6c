using SlackChampionBot.Persistence;
using SlackChampionBot.Tests.Support;

// The database tests of SlackChampionBot.Tests, compiled here, run on PostgreSQL. These types stand in for the
// SQLite project's Support/ProviderUnderTest.cs. FactAttribute and TheoryAttribute below live in the namespace that
// encloses every test's namespace, so C# binds [Fact] and [Theory] in those files to them rather than to the global
// `using Xunit;`: without a server every test of this half is reported skipped with the reason, not run.

namespace SlackChampionBot.Tests.Support
{
    internal static class ProviderUnderTest
    {
        public static DatabaseProvider Provider => DatabaseProvider.Postgres;

        public static string? SkipReason => PostgresTestServer.ServerConnectionString is null
            ? $"PostgreSQL half: {PostgresTestServer.Variable} is not set. Set it to a server's connection string (a role that may create databases), e.g. \"Host=127.0.0.1;Port=5432;Username=championbot;Password=championbot\", to run these tests on PostgreSQL"
            : null;
    }

    /// <summary>A test about SQLite itself: on PostgreSQL there is nothing for it to check.</summary>
    internal sealed class SqliteOnlyFactAttribute : FactAttribute
    {
        public SqliteOnlyFactAttribute() => Skip = "about SQLite itself (its file or pragmas): runs in SlackChampionBot.Tests only";
    }
}

namespace SlackChampionBot.Tests
{
    /// <summary>xunit's [Fact], skipped with a reason when no PostgreSQL server is named.</summary>
    internal class FactAttribute : Xunit.FactAttribute
    {
        public FactAttribute() => Skip = ProviderUnderTest.SkipReason;
    }

    /// <summary>xunit's [Theory], skipped with a reason when no PostgreSQL server is named.</summary>
    internal class TheoryAttribute : Xunit.TheoryAttribute
    {
        public TheoryAttribute() => Skip = ProviderUnderTest.SkipReason;
    }
}
