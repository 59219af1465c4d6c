using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Hosting;

namespace SlackChampionBot.Tests.Hosting;

public sealed class StartupValidationTests
{
    private static string? Problem(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var services = new ServiceCollection().AddStars(configuration).BuildServiceProvider();
        return StartupValidation.FindProblem(services);
    }

    [Theory]
    [InlineData("FairPlay:DailyGiveLimit", "lots", "FairPlay:DailyGiveLimit is malformed: use a whole number (set FAIRPLAY__DAILYGIVELIMIT)")]
    [InlineData("FairPlay:AllowGuests", "sometimes", "FairPlay:AllowGuests is malformed: use true or false (set FAIRPLAY__ALLOWGUESTS)")]
    [InlineData("Wins:DailyGiveLimit", "lots", "Wins:DailyGiveLimit is malformed: use a whole number (set WINS__DAILYGIVELIMIT)")]
    public void FindProblem_ValueOfTheWrongKind_IsOneLineNamingTheKeyWithoutTheValue(string key, string value, string expected)
    {
        var problem = Problem(key, value);

        Assert.Equal(expected, problem);
        Assert.DoesNotContain(value, problem);
    }

    [Fact]
    public void FindProblem_ValueOutOfRange_IsTheValidatorsLine() =>
        Assert.StartsWith("FairPlay:DailyGiveLimit is malformed: use a number of stars from 1 to 1000", Problem("FairPlay:DailyGiveLimit", "0"));

    [Fact]
    public void FindProblem_GoodSettings_IsNull() => Assert.Null(Problem("FairPlay:DailyGiveLimit", "7"));
}
