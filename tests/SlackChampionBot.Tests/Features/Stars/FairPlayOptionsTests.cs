using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Stars;

namespace SlackChampionBot.Tests.Features.Stars;

public sealed class FairPlayOptionsTests
{
    private static FairPlayOptions Bound(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddStars(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<FairPlayOptions>>().Value;
    }

    [Fact]
    public void Bound_NothingSet_IsFiveADayWithoutGuests()
    {
        var options = Bound([]);

        Assert.Equal(5, options.DailyGiveLimit);
        Assert.False(options.AllowGuests);
    }

    [Fact]
    public void Bound_OnlyTheOldWinsNames_AreHonoured()
    {
        var options = Bound(new() { ["Wins:DailyGiveLimit"] = "8", ["Wins:AllowGuests"] = "true" });

        Assert.Equal(8, options.DailyGiveLimit);
        Assert.True(options.AllowGuests);
    }

    [Fact]
    public void Bound_NewAndOldNames_TheFairPlayKeysWin()
    {
        var options = Bound(new()
        {
            ["FairPlay:DailyGiveLimit"] = "3",
            ["FairPlay:AllowGuests"] = "false",
            ["Wins:DailyGiveLimit"] = "8",
            ["Wins:AllowGuests"] = "true",
        });

        Assert.Equal(3, options.DailyGiveLimit);
        Assert.False(options.AllowGuests);
    }

    [Theory]
    [InlineData("Wins:DailyGiveLimit", "0")]
    [InlineData("FairPlay:DailyGiveLimit", "0")]
    [InlineData("FairPlay:DailyGiveLimit", "1001")]
    public void Validate_BadSetting_NamesTheKeyInOneLine(string key, string value)
    {
        var problem = Assert.Throws<OptionsValidationException>(() => Bound(new() { [key] = value })).Message;

        Assert.StartsWith($"{key} is malformed", problem);
        Assert.DoesNotContain('\n', problem);
    }
}
