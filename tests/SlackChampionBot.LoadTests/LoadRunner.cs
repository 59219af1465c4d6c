using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace SlackChampionBot.LoadTests;

/// <summary>What one run of requests produced: per-request latency in Stopwatch ticks and every non-200 outcome.</summary>
internal sealed record LoadResult(long[] LatencyTicks, long WallTicks, int Ok, IReadOnlyList<string> Failures);

/// <summary>
/// Sends prepared requests to <c>/slack/event</c> from <see cref="Workers"/> workers that share one handler limited
/// to as many connections, so each worker keeps one keep-alive connection busy and sends one request at a time.
/// Workers take the next request from a shared index, so a retry is sent after its original was picked up.
/// </summary>
internal sealed class LoadRunner : IDisposable
{
    public const int Workers = 16;

    private static readonly MediaTypeHeaderValue Json = MediaTypeHeaderValue.Parse("application/json");

    private readonly HttpClient _client;
    private readonly Uri _target;

    public LoadRunner(Uri botBaseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Workers,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        _target = new Uri(botBaseAddress, "slack/event");
    }

    public async Task<LoadResult> Run(IReadOnlyList<SignedEvent> requests, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        var latencies = new long[requests.Count];
        var failures = new List<string>();
        var ok = 0;
        var sent = 0;
        var next = -1;

        async Task Worker()
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= requests.Count || cts.IsCancellationRequested)
                {
                    return;
                }

                var item = requests[i];
                using var message = new HttpRequestMessage(HttpMethod.Post, _target) { Content = new ByteArrayContent(item.Body) };
                message.Content.Headers.ContentType = Json;
                message.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", item.Timestamp);
                message.Headers.TryAddWithoutValidation("X-Slack-Signature", item.Signature);
                if (item.RetryNum > 0)
                {
                    message.Headers.TryAddWithoutValidation("X-Slack-Retry-Num", "1");
                    message.Headers.TryAddWithoutValidation("X-Slack-Retry-Reason", "http_timeout");
                }

                Interlocked.Increment(ref sent);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cts.Token).ConfigureAwait(false);
                    latencies[i] = Stopwatch.GetTimestamp() - started;
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref ok);
                    }
                    else
                    {
                        lock (failures)
                        {
                            failures.Add($"{item.EventId} (retry {item.RetryNum}): HTTP {(int)response.StatusCode}");
                        }
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    latencies[i] = Stopwatch.GetTimestamp() - started;
                    lock (failures)
                    {
                        failures.Add($"{item.EventId} (retry {item.RetryNum}): {exception.GetType().Name} {exception.Message}");
                    }
                }
            }
        }

        var wallStart = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(Worker)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var wall = Stopwatch.GetTimestamp() - wallStart;

        if (sent < requests.Count)
        {
            failures.Add($"time limit of {limit.TotalSeconds:0}s reached: only {sent} of {requests.Count} requests were sent");
        }

        return new LoadResult(sent == requests.Count ? latencies : [.. latencies.Where(l => l > 0)], wall, ok, failures);
    }

    public void Dispose() => _client.Dispose();
}
