using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Data;

namespace SlackChampionBot.Tests.Features.Data;

public sealed class DataOptionsTests
{
    [Theory]
    [InlineData("Data:Admins:0", "@dana", "Data:Admins:0 is malformed")]
    [InlineData("Data:RetainWinTextMonths", "-1", "Data:RetainWinTextMonths is malformed")]
    [InlineData("Data:RetentionCron", "daily", "Data:RetentionCron is malformed")]
    public void Validate_BadSetting_StopsStartUpWithOneLineNamingTheKey(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var provider = new ServiceCollection().AddLogging().AddData(configuration).BuildServiceProvider();

        var problem = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DataOptions>>().Value).Message;

        Assert.StartsWith(expected, problem);
        Assert.DoesNotContain('\n', problem);
    }
}
