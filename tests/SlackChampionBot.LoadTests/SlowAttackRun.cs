using System.Diagnostics;
using System.Globalization;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;

namespace SlackChampionBot.LoadTests;

/// <summary>
/// The slow-body mode of the harness: the same signed events as the normal run, first with no attack and then while
/// each given number of <see cref="SlowBodyAttack"/> connections trickle unauthenticated bodies, with the bot's
/// memory sampled throughout. Prints one row per phase; a phase fails when a signed event is not answered 200.
/// </summary>
internal static class SlowAttackRun
{
    /// <summary>How long the attack runs before the signed events start, so the bot has cut and seen replaced many of its connections.</summary>
    private static readonly TimeSpan RampUp = TimeSpan.FromSeconds(15);

    public static async Task<List<string>> Run(BotProcess bot, string secret, int events, IReadOnlyList<int> attacks, int bytesPerSecond, long declaredLength, TimeSpan runLimit)
    {
        var failures = new List<string>();
        var runner = new LoadRunner(bot.BaseAddress);
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(invariant, $"""
            SlackChampionBot slow-body attack run: {events:N0} signed events per phase over {LoadRunner.Workers} keep-alive connections, while N unauthenticated
            connections each declare {declaredLength:N0} bytes and send {bytesPerSecond:N0} bytes/s of it (replaced at once when the bot cuts them; {RampUp.TotalSeconds:N0} s ramp-up)
              attackers  throughput    p50 ms   p99 ms   max ms  answers      bot RSS max/end MB  bot CPU µs/event  attack connections opened, open at end, how they ended
            """));

        foreach (var attackers in new[] { 0 }.Concat(attacks))
        {
            SlowBodyAttack? attack = attackers > 0 ? new SlowBodyAttack(bot.BaseAddress, attackers, bytesPerSecond, declaredLength) : null;
            using var sampling = new CancellationTokenSource();
            var maxRssKb = 0L;
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    maxRssKb = Math.Max(maxRssKb, bot.Memory().CurrentKb);
                    try
                    {
                        await Task.Delay(100, sampling.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            });
            try
            {
                if (attack is not null)
                {
                    await Task.Delay(RampUp);
                }

                var signed = SignedEvents.Create(secret, $"EvSLOW{attackers}x", events, retryEvery: 0, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                var cpuBefore = bot.CpuTime();
                var result = await runner.Run(signed, runLimit);
                var cpu = bot.CpuTime() - cpuBefore;
                await sampling.CancelAsync();
                await sampler;
                var currentKb = bot.Memory().CurrentKb;

                var ms = result.LatencyTicks.Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
                var seconds = result.WallTicks / (double)Stopwatch.Frequency;
                var endings = attack is null ? "-" : string.Join(", ", attack.Endings.OrderByDescending(e => e.Value).Select(e => $"{e.Key} {e.Value:N0}"));
                Console.WriteLine(string.Create(invariant, $"  {attackers,9:N0}  {signed.Count / seconds,7:N0}/s  {Percentile(ms, 0.50),8:N2} {Percentile(ms, 0.99),8:N2} {(ms.Length > 0 ? ms[^1] : 0),8:N2}  {result.Ok,6:N0}×200  {maxRssKb / 1024.0,8:N1} / {currentKb / 1024.0,-8:N1}  {cpu.TotalMilliseconds * 1000 / signed.Count,10:N0}        {(attack is null ? "-" : $"{attack.Opened:N0}, {attack.Open:N0}, {endings}")}"));
                if (result.Ok != signed.Count)
                {
                    failures.Add($"{attackers} attackers: {result.Ok} of {signed.Count} signed events answered 200; first problems: {string.Join("; ", result.Failures.Take(5))}");
                }
            }
            finally
            {
                if (attack is not null)
                {
                    await attack.DisposeAsync();
                }

                // Let the bot notice the attackers are gone before the next phase.
                await Task.Delay(TimeSpan.FromSeconds(3));
            }
        }

        return failures;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
