using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Teams;

namespace SlackChampionBot.Tests.Features.Champions;

public sealed class ChampionsOptionsTests
{
    private static string? Problem(ChampionsOptions options)
    {
        var result = new ChampionsOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures!.First() : null;
    }

    private static ChampionsOptions Bound(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddChampions(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ChampionsOptions>>().Value;
    }

    [Fact]
    public void Validate_Defaults_AreValid() => Assert.Null(Problem(new ChampionsOptions()));

    [Fact]
    public void Validate_MilestonesNotIncreasing_IsMalformed() =>
        Assert.StartsWith("Champions:Milestones:1:Stars is malformed: list milestones with strictly increasing", Problem(new ChampionsOptions
        {
            Milestones = [new() { Stars = 25, Title = "Hero" }, new() { Stars = 25, Title = "Legend" }],
        }));

    [Fact]
    public void Validate_MilestoneNotPositive_IsMalformed() =>
        Assert.StartsWith("Champions:Milestones:0:Stars is malformed", Problem(new ChampionsOptions { Milestones = [new() { Stars = 0, Title = "Zero" }] }));

    [Fact]
    public void Validate_MilestoneWithoutTitle_IsMalformed() =>
        Assert.StartsWith("Champions:Milestones:0:Title is malformed", Problem(new ChampionsOptions { Milestones = [new() { Stars = 5, Title = " " }] }));

    [Fact]
    public void Validate_ManagerNotAUserId_NamesTheKeyAndVariable()
    {
        var problem = Problem(new ChampionsOptions { Managers = ["UGOOD1", "bob"] });

        Assert.StartsWith("Champions:Managers:1 is malformed", problem);
        Assert.Contains("CHAMPIONS__MANAGERS__1", problem);
    }

    [Fact]
    public void Validate_AdminNotAUserId_NamesTheKeyAndVariable()
    {
        var problem = Problem(new ChampionsOptions { Admins = ["UGOOD1", "@ada"] });

        Assert.StartsWith("Champions:Admins:1 is malformed", problem);
        Assert.Contains("CHAMPIONS__ADMINS__1", problem);
    }

    [Fact]
    public void Bind_Admins_TrimmedAndBlanksDropped() =>
        Assert.Equal(["U0ADA"], Bound(new() { ["Champions:Admins:0"] = " U0ADA ", ["Champions:Admins:1"] = " " }).Admins);

    [Theory]
    [InlineData(0, 5, 20, "NominationsPerManagerPerMonth")]
    [InlineData(2, -1, 20, "BonusStars")]
    [InlineData(2, 5, -1, "MinimumReasonLength")]
    public void Validate_LimitsOutOfRange_AreMalformed(int perMonth, int bonus, int minimum, string key) =>
        Assert.StartsWith($"Champions:{key} is malformed", Problem(new ChampionsOptions { NominationsPerManagerPerMonth = perMonth, BonusStars = bonus, MinimumReasonLength = minimum }));

    [Fact]
    public void Bind_AnnounceChannelUnset_DefaultsToFirstWinsChannel() =>
        Assert.Equal("CWINS", Bound(new() { ["Wins:Channels:0"] = "CWINS", ["Wins:Channels:1"] = "COTHER" }).AnnounceChannel);

    [Fact]
    public void Bind_AnnounceChannelSet_Wins() =>
        Assert.Equal("CANNOUNCE", Bound(new() { ["Wins:Channels:0"] = "CWINS", ["Champions:AnnounceChannel"] = "CANNOUNCE" }).AnnounceChannel);

    [Fact]
    public void Bind_Milestones_ReplaceDefaultsInsteadOfAppending()
    {
        var options = Bound(new() { ["Champions:Milestones:0:Stars"] = "100", ["Champions:Milestones:0:Title"] = "Centurion" });

        var milestone = Assert.Single(options.EffectiveMilestones);
        Assert.Equal((100, "Centurion"), (milestone.Stars, milestone.Title));
        Assert.Equal(3, Bound([]).EffectiveMilestones.Count);
    }

    [Fact]
    public void AddChampions_ManagerGroup_IsFollowedByUserGroupSync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Champions:ManagerGroup"] = "@managers" }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddChampions(configuration);
        using var provider = services.BuildServiceProvider();

        var groups = provider.GetServices<UserGroupSource>().SelectMany(s => s.Groups(provider));

        Assert.Equal(["@managers"], groups);
    }
}
