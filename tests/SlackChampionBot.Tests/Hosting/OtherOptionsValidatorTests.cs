using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Tests.Hosting;

public sealed class OtherOptionsValidatorTests
{
    private static string? Problem(DatabaseOptions options)
    {
        var result = new DatabaseOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures!.First() : null;
    }

    private static string? Problem(SchedulingOptions options)
    {
        var result = new SchedulingOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures!.First() : null;
    }

    [Fact]
    public void Database_Defaults_AreValid() => Assert.Null(Problem(new DatabaseOptions()));

    [Fact]
    public void Database_UnknownProvider_IsMalformed() =>
        Assert.StartsWith("Database:Provider is malformed: use Sqlite", Problem(new DatabaseOptions { Provider = "Oracle" }));

    [Fact]
    public void Database_PostgresWithoutConnectionString_NamesTheKey() =>
        Assert.StartsWith("ConnectionStrings:ChampionBot is missing: set CONNECTIONSTRINGS__CHAMPIONBOT to a PostgreSQL connection string", Problem(new DatabaseOptions { Provider = "postgres" }));

    [Theory]
    [InlineData("Data Source=bot.db")]
    [InlineData("Database=championbot")]
    [InlineData("Host=db.internal")]
    public void Database_PostgresWithAnotherKindOfConnectionString_IsMalformed(string connectionString) =>
        Assert.StartsWith("ConnectionStrings:ChampionBot is malformed:", Problem(new DatabaseOptions { Provider = "Postgres", ConnectionString = connectionString }));

    [Fact]
    public void Database_PostgresWithHostAndDatabase_IsValid() =>
        Assert.Null(Problem(new DatabaseOptions { Provider = "Postgres", ConnectionString = "Host=db.internal;Database=championbot;Username=bot;Password=secret" }));

    [Fact]
    public void Database_EmptyConnectionString_IsMissing() =>
        Assert.StartsWith("ConnectionStrings:ChampionBot is missing: set CONNECTIONSTRINGS__CHAMPIONBOT", Problem(new DatabaseOptions { ConnectionString = " " }));

    [Fact]
    public void Database_UnparsableConnectionString_IsMalformed() =>
        Assert.StartsWith("ConnectionStrings:ChampionBot is malformed:", Problem(new DatabaseOptions { ConnectionString = "Nonsense Key=1" }));

    [Fact]
    public void Scheduling_Defaults_AreValid() => Assert.Null(Problem(new SchedulingOptions()));

    [Fact]
    public void Scheduling_UnknownTimeZone_IsMalformed() =>
        Assert.StartsWith("Scheduling:TimeZone is malformed:", Problem(new SchedulingOptions { TimeZone = "Mars/Olympus_Mons" }));

    [Fact]
    public void Scheduling_EmptyTimeZone_IsMissing() =>
        Assert.StartsWith("Scheduling:TimeZone is missing:", Problem(new SchedulingOptions { TimeZone = "" }));

    [Fact]
    public void Scheduling_PasswordWithoutUser_IsMissingUser() =>
        Assert.StartsWith("Scheduling:DashboardUser is missing:", Problem(new SchedulingOptions { DashboardPassword = "a-long-password-here" }));

    [Fact]
    public void Scheduling_ShortDashboardPassword_IsMalformed() =>
        Assert.StartsWith("Scheduling:DashboardPassword is malformed:", Problem(new SchedulingOptions { DashboardUser = "ops", DashboardPassword = "short" }));

    [Theory]
    [InlineData("0 16 * * FRI")]
    [InlineData("*/15 9-17 * * MON-FRI")]
    [InlineData("0 10 * * 2")]
    [InlineData("30 0 0 1 * *")]
    [InlineData("0 9 L * *")]
    public void Cron_ValidExpressions_Pass(string cron) => Assert.Null(CronSchedule.Validate("X:Cron", cron));

    [Theory]
    [InlineData("every friday")]
    [InlineData("0 25 * * *")]
    [InlineData("0 16 * * FUN")]
    [InlineData("61 * * * *")]
    [InlineData("* * *")]
    [InlineData("0 16 * 13 *")]
    [InlineData("0 16 * * FRI#9")]
    [InlineData("0 9 LL * *")]
    public void Cron_InvalidExpressions_NameTheKey(string cron) =>
        Assert.StartsWith("Scheduling:InboxPruneCron is malformed:", Problem(new SchedulingOptions { InboxPruneCron = cron }));
}
