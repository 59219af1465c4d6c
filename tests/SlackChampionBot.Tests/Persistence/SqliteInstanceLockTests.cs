using System.Net;
using SlackChampionBot.Persistence;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Persistence;

public sealed class SqliteInstanceLockTests
{
    [Fact]
    public void Take_TwiceOnOneFile_TheSecondIsRefusedUntilTheFirstIsReleased()
    {
        using var temp = new TempDirectory();
        var connectionString = $"Data Source={temp.File("bot.db")}";

        using (var first = SqliteInstanceLock.Take(connectionString, out var none))
        {
            Assert.NotNull(first);
            Assert.Null(none);

            Assert.Null(SqliteInstanceLock.Take(connectionString, out var problem));
            Assert.StartsWith($"Another bot is already running on {temp.File("bot.db")}", problem, StringComparison.Ordinal);
            Assert.Contains("ConnectionStrings:ChampionBot (CONNECTIONSTRINGS__CHAMPIONBOT)", problem, StringComparison.Ordinal);
            Assert.Contains("Database:Provider", problem, StringComparison.Ordinal);
        }

        using var again = SqliteInstanceLock.Take(connectionString, out var afterRelease);
        Assert.NotNull(again);
        Assert.Null(afterRelease);
    }

    [Fact]
    public void Take_OtherFileOrInMemory_NoConflict()
    {
        using var temp = new TempDirectory();
        using var one = SqliteInstanceLock.Take($"Data Source={temp.File("one.db")}", out _);

        using var other = SqliteInstanceLock.Take($"Data Source={temp.File("two.db")}", out var otherProblem);
        using var memory = SqliteInstanceLock.Take("Data Source=:memory:", out var memoryProblem);
        using var memory2 = SqliteInstanceLock.Take("Data Source=:memory:", out var memory2Problem);

        Assert.Equal((true, true, true), (other is not null, memory is not null, memory2 is not null));
        Assert.Equal((null, null, null), (otherProblem, memoryProblem, memory2Problem));
    }

    [Fact]
    public async Task SecondBot_SameSqliteFile_ExitsTwoWithOneLineAndTheFirstKeepsRunning()
    {
        using var temp = new TempDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["SLACK__BOTTOKEN"] = TestSettings.BotToken,
            ["SLACK__APPLEVELTOKEN"] = TestSettings.AppLevelToken,
            ["SLACK__APIBASEURL"] = TestSettings.UnreachableApiBaseUrl,
            ["CONNECTIONSTRINGS__CHAMPIONBOT"] = $"Data Source={temp.File("shared.db")}",
        };
        using var client = new HttpClient();
        await using var first = HostProcess.Start(settings, temp.Path);
        Assert.Equal(HttpStatusCode.OK, (await first.WaitForResponse(client, "healthz", TimeSpan.FromSeconds(60))).StatusCode);

        await using var second = HostProcess.Start(settings, temp.Path);

        Assert.Equal(2, await second.WaitForExit(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(second.StandardError.Trim().Split('\n'));
        Assert.StartsWith($"Another bot is already running on {temp.File("shared.db")}", line, StringComparison.Ordinal);
        Assert.False(first.HasExited);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(first.BaseAddress, "healthz"))).StatusCode);
    }
}
