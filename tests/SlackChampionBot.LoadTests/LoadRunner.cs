using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SlackChampionBot.LoadTests;

/// <summary>What one run of requests produced: per-request latency in Stopwatch ticks and every non-200 outcome.</summary>
internal sealed record LoadResult(long[] LatencyTicks, long WallTicks, int Ok, IReadOnlyList<string> Failures);

/// <summary>
/// What a sustained run produced: each request's latency and when it completed (Stopwatch ticks since the start, in
/// completion order), the unique events sent and every non-200 outcome.
/// </summary>
internal sealed record SustainedResult(long[] LatencyTicks, long[] CompletedAtTicks, long WallTicks, long UniqueEvents, IReadOnlyList<string> Failures)
{
    public int Requests => LatencyTicks.Length;
}

/// <summary>
/// Sends prepared requests to <c>/slack/event</c> from <see cref="Workers"/> workers, each owning one keep-alive
/// HTTP/1.1 connection and sending one request at a time. Workers take the next request from a shared index, so a
/// retry is sent after its original was picked up. Given several bots (instances sharing one database), worker i talks
/// to bot i mod N, so the connections are spread evenly across them.
/// </summary>
/// <remarks>
/// A small raw-socket client in the manner of wrk: every request's bytes are built before the clock starts and each
/// response is read just far enough to know its status and where it ends (Content-Length or chunked). The load
/// generator shares the machine's two cores with the bot, so its own cost is kept low: HttpClient spent ~80 µs of CPU
/// per request, about as much as the bot itself, and the figures measured the pair rather than the bot.
/// </remarks>
internal sealed class LoadRunner(IReadOnlyList<Uri> botBaseAddresses)
{
    public const int Workers = 16;

    private readonly DnsEndPoint[] _endPoints = [.. botBaseAddresses.Select(b => new DnsEndPoint(b.Host, b.Port))];
    private readonly string[] _hostHeaders = [.. botBaseAddresses.Select(b => b.Authority)];
    private readonly string _path = new Uri(botBaseAddresses[0], "slack/event").AbsolutePath;

    public LoadRunner(Uri botBaseAddress)
        : this([botBaseAddress])
    {
    }

    public async Task<LoadResult> Run(IReadOnlyList<SignedEvent> requests, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        var wire = _hostHeaders.Select(host => requests.Select(r => Serialize(r, host)).ToArray()).ToArray();
        var latencies = new long[requests.Count];
        var failures = new List<string>();
        var ok = 0;
        var sent = 0;
        var next = -1;

        void Fail(SignedEvent item, string problem)
        {
            lock (failures)
            {
                failures.Add($"{item.EventId} (retry {item.RetryNum}): {problem}");
            }
        }

        async Task Worker(int bot)
        {
            Connection? connection = null;
            try
            {
                while (true)
                {
                    var i = Interlocked.Increment(ref next);
                    if (i >= requests.Count || cts.IsCancellationRequested)
                    {
                        return;
                    }

                    Interlocked.Increment(ref sent);
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        connection ??= await Connection.Open(_endPoints[bot], cts.Token).ConfigureAwait(false);
                        var (status, keepAlive) = await connection.Exchange(wire[bot][i], cts.Token).ConfigureAwait(false);
                        latencies[i] = Stopwatch.GetTimestamp() - started;
                        if (status == 200)
                        {
                            Interlocked.Increment(ref ok);
                        }
                        else
                        {
                            Fail(requests[i], $"HTTP {status}");
                        }

                        if (!keepAlive)
                        {
                            connection.Dispose();
                            connection = null;
                        }
                    }
                    catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException or InvalidDataException)
                    {
                        latencies[i] = Stopwatch.GetTimestamp() - started;
                        Fail(requests[i], $"{exception.GetType().Name} {exception.Message}");
                        connection?.Dispose();
                        connection = null;
                    }
                }
            }
            finally
            {
                connection?.Dispose();
            }
        }

        var wallStart = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => Worker(w % _endPoints.Length))).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var wall = Stopwatch.GetTimestamp() - wallStart;

        if (sent < requests.Count)
        {
            failures.Add($"time limit of {limit.TotalSeconds:0}s reached: only {sent} of {requests.Count} requests were sent");
        }

        return new LoadResult(sent == requests.Count ? latencies : [.. latencies.Where(l => l > 0)], wall, ok, failures);
    }

    /// <summary>
    /// Sends events made by <paramref name="stream"/> (0, 1, 2, …) for <paramref name="duration"/>, from
    /// <see cref="Workers"/> workers as in <see cref="Run"/>; every <paramref name="retryEvery"/>-th event is followed
    /// by its redelivery on the same connection. <paramref name="started"/> is told each event as it is taken, and
    /// <paramref name="acknowledged"/> each event whose first
    /// delivery was answered 200. Latencies are kept with their completion times, for figures per second.
    /// </summary>
    public async Task<SustainedResult> RunFor(SignedEventStream stream, TimeSpan duration, int retryEvery, Action<long> started, Action<long> acknowledged)
    {
        using var cts = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
        var failures = new List<string>();
        var next = -1L;
        var samples = new List<(long Done, long Ticks)>[Workers];
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        void Fail(SignedEvent item, string problem)
        {
            lock (failures)
            {
                failures.Add($"{item.EventId} (retry {item.RetryNum}): {problem}");
            }
        }

        async Task Worker(int bot, List<(long Done, long Ticks)> own)
        {
            Connection? connection = null;
            try
            {
                while (Stopwatch.GetTimestamp() < end && !cts.IsCancellationRequested)
                {
                    var n = Interlocked.Increment(ref next);
                    started(n);
                    for (var retry = 0; retry <= (retryEvery > 0 && (n + 1) % retryEvery == 0 ? 1 : 0); retry++)
                    {
                        var item = stream.Create(n, retry);
                        var wire = Serialize(item, _hostHeaders[bot]);
                        var started = Stopwatch.GetTimestamp();
                        try
                        {
                            connection ??= await Connection.Open(_endPoints[bot], cts.Token).ConfigureAwait(false);
                            var (status, keepAlive) = await connection.Exchange(wire, cts.Token).ConfigureAwait(false);
                            var done = Stopwatch.GetTimestamp();
                            own.Add((done - start, done - started));
                            if (status == 200)
                            {
                                if (retry == 0)
                                {
                                    acknowledged(n);
                                }
                            }
                            else
                            {
                                Fail(item, $"HTTP {status}");
                            }

                            if (!keepAlive)
                            {
                                connection.Dispose();
                                connection = null;
                            }
                        }
                        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException or InvalidDataException)
                        {
                            var done = Stopwatch.GetTimestamp();
                            own.Add((done - start, done - started));
                            Fail(item, $"{exception.GetType().Name} {exception.Message}");
                            connection?.Dispose();
                            connection = null;
                        }
                    }
                }
            }
            finally
            {
                connection?.Dispose();
            }
        }

        var workers = Enumerable.Range(0, Workers).Select(i => Task.Run(() => Worker(i % _endPoints.Length, samples[i] = new List<(long, long)>(1 << 16)))).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var wall = Stopwatch.GetTimestamp() - start;
        var all = samples.SelectMany(s => s).OrderBy(s => s.Done).ToArray();
        return new SustainedResult(all.Select(s => s.Ticks).ToArray(), all.Select(s => s.Done).ToArray(), wall, next + 1, failures);
    }

    /// <summary>The request exactly as it goes on the wire: what Slack sends, with a Content-Length body.</summary>
    private byte[] Serialize(SignedEvent item, string hostHeader)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {_path} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {hostHeader}\r\n")
            .Append("User-Agent: Slackbot 1.0 (+https://api.slack.com/robots)\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {item.Body.Length}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-Slack-Request-Timestamp: {item.Timestamp}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-Slack-Signature: {item.Signature}\r\n");
        if (item.RetryNum > 0)
        {
            head.Append(CultureInfo.InvariantCulture, $"X-Slack-Retry-Num: {item.RetryNum}\r\n")
                .Append("X-Slack-Retry-Reason: http_timeout\r\n");
        }

        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        return [.. headBytes, .. item.Body];
    }

    /// <summary>One keep-alive connection and the minimal HTTP/1.1 response reading the runner needs.</summary>
    private sealed class Connection : IDisposable
    {
        private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
        private static readonly byte[] CrLf = "\r\n"u8.ToArray();

        private readonly Socket _socket;
        private byte[] _buffer = new byte[4096];
        private int _start;
        private int _end;

        private Connection(Socket socket) => _socket = socket;

        public static async Task<Connection> Open(EndPoint endPoint, CancellationToken cancellationToken)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
                return new Connection(socket);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        /// <summary>Sends one request and reads its whole response: the status code and whether the connection stays.</summary>
        public async Task<(int Status, bool KeepAlive)> Exchange(byte[] request, CancellationToken cancellationToken)
        {
            var remaining = request.AsMemory();
            while (!remaining.IsEmpty)
            {
                var written = await _socket.SendAsync(remaining, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                remaining = remaining[written..];
            }

            var headerLength = await ReadUntil(HeaderEnd, cancellationToken).ConfigureAwait(false);
            var head = Encoding.ASCII.GetString(_buffer, _start, headerLength);
            _start += headerLength + HeaderEnd.Length;

            var lines = head.Split("\r\n");
            var statusParts = lines[0].Split(' ', 3);
            if (statusParts.Length < 2 || !statusParts[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
                || !int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                throw new InvalidDataException($"not an HTTP/1.1 status line: '{lines[0]}'");
            }

            long contentLength = 0;
            var chunked = false;
            var keepAlive = true;
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    continue;
                }

                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    contentLength = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
                }
                else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                {
                    keepAlive = !value.Equals("close", StringComparison.OrdinalIgnoreCase);
                }
            }

            if (chunked)
            {
                await SkipChunkedBody(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Skip(contentLength, cancellationToken).ConfigureAwait(false);
            }

            return (status, keepAlive);
        }

        public void Dispose() => _socket.Dispose();

        private async Task SkipChunkedBody(CancellationToken cancellationToken)
        {
            while (true)
            {
                var lineLength = await ReadUntil(CrLf, cancellationToken).ConfigureAwait(false);
                var sizeText = Encoding.ASCII.GetString(_buffer, _start, lineLength).Split(';')[0].Trim();
                _start += lineLength + CrLf.Length;
                var size = long.Parse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    // Trailers (none expected) end with an empty line.
                    while (await ReadUntil(CrLf, cancellationToken).ConfigureAwait(false) is var trailer and > 0)
                    {
                        _start += trailer + CrLf.Length;
                    }

                    _start += CrLf.Length;
                    return;
                }

                await Skip(size + CrLf.Length, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task Skip(long count, CancellationToken cancellationToken)
        {
            while (count > 0)
            {
                if (_start == _end)
                {
                    await Fill(cancellationToken).ConfigureAwait(false);
                }

                var take = (int)Math.Min(count, _end - _start);
                _start += take;
                count -= take;
            }
        }

        /// <summary>Reads until <paramref name="delimiter"/> is buffered; returns the length before it (from _start).</summary>
        private async Task<int> ReadUntil(byte[] delimiter, CancellationToken cancellationToken)
        {
            while (true)
            {
                var found = _buffer.AsSpan(_start, _end - _start).IndexOf(delimiter);
                if (found >= 0)
                {
                    return found;
                }

                await Fill(cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task Fill(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                if (_buffer.Length >= 1 << 20)
                {
                    throw new InvalidDataException("response head larger than 1 MiB");
                }

                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the bot closed the connection");
            }

            _end += read;
        }
    }
}
