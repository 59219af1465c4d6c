extern alias loadharness;

using loadharness::SlackChampionBot.LoadTests;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Hosting;

/// <summary>
/// The load harness's correctness check inside the suite, at a small size: the built bot as its own process in HTTP
/// mode, 300 signed events with every tenth redelivered, sent by the harness's own client. The sustained run
/// (tests/SlackChampionBot.LoadTests) checks the same at thousands a second; this keeps the check from rotting between
/// runs of it. No timing asserts: the bounds are only there so that a hang fails.
/// </summary>
public sealed class LoadHarnessSmokeTests
{
    [Fact]
    public async Task SignedEvents_300WithRedeliveries_EachAnswered200StoredOnceAndHandled()
    {
        using var temp = new TempDirectory();
        var database = temp.File("smoke.db");
        await using var stub = await SlackApiStub.Start();
        await using var bot = HostProcess.Start(HarnessBot.Environment(stub.BaseAddress, database), temp.Path);
        using (var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
        {
            await bot.WaitFor200(probe, "readyz", TimeSpan.FromSeconds(60));
        }

        var failures = await SmokeCheck.Run(bot.BaseAddress, database, 300, TimeSpan.FromSeconds(60));

        Assert.Empty(failures);
        await bot.Stop(TimeSpan.FromSeconds(15));
    }
}
