using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SlackChampionBot.TestSupport;

/// <summary>
/// The built bot (SlackChampionBot.dll) as its own process, the way a newcomer runs it: on a free loopback port,
/// with a clean environment for the bot's own settings (nothing leaks in from the machine running the tests), in
/// Production. Used by the start-up tests and the load harness.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    /// <summary>Each stream keeps this much of its tail: a failing run shows its last lines, a long one stays bounded.</summary>
    private const int MaxKeptChars = 256 * 1024;

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private BotProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string StandardOutput => Read(_stdout);

    public string StandardError => Read(_stderr);

    public static BotProcess Start(string dll, IEnumerable<KeyValuePair<string, string?>> environment, string workingDirectory)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("SLACK__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("CONNECTIONSTRINGS__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var bot = new BotProcess(process, port);
        process.OutputDataReceived += (_, e) => Append(bot._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(bot._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    /// <summary>Polls <paramref name="path"/> until it answers with any status; throws when the bot exits first.</summary>
    public async Task<HttpResponseMessage> WaitForResponse(HttpClient client, string path, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            ThrowIfExited();
            try
            {
                return await client.GetAsync(new Uri(BaseAddress, path));
            }
            catch (HttpRequestException) when (Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Polls <paramref name="path"/> until it answers 200; throws with the bot's output when it exits or time runs out.</summary>
    public async Task WaitFor200(HttpClient client, string path, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var last = "no answer";
        while (Stopwatch.GetTimestamp() < deadline)
        {
            ThrowIfExited();
            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, path));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException exception)
            {
                last = exception.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{path} did not answer 200 within {timeout.TotalSeconds:0}s (last: {last}).\n{StandardError}{StandardOutput}");
    }

    /// <summary>VmHWM (peak resident set) and VmRSS of the bot, in kB, from /proc/&lt;pid&gt;/status (Linux).</summary>
    public (long PeakKb, long CurrentKb) Memory()
    {
        long peak = -1, current = -1;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = ParseKb(line);
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                current = ParseKb(line);
            }
        }

        return (peak, current);
    }

    /// <summary>CPU time (user + system) the bot has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Sends SIGTERM (the host's graceful shutdown) and returns without waiting for the exit.</summary>
    public async Task Terminate()
    {
        if (!_process.HasExited && !OperatingSystem.IsWindows())
        {
            using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            await term!.WaitForExitAsync();
        }
    }

    /// <summary>
    /// SIGKILL (what <see cref="Process.Kill()"/> sends on Linux): the bot dies at once, mid-request and mid-handler,
    /// as in a crash or an out-of-memory kill; nothing of its shutdown runs. Returns once it has exited.
    /// </summary>
    public async Task Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM (the host's graceful shutdown), then a kill if it has not exited after <paramref name="grace"/>.</summary>
    public async Task Stop(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        await Terminate();

        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Stop(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The bot exited with {_process.ExitCode}:\n{StandardError}{StandardOutput}");
        }
    }

    private static long ParseKb(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Read(StringBuilder target)
    {
        lock (target)
        {
            return target.ToString();
        }
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            if (target.Length > MaxKeptChars)
            {
                target.Remove(0, target.Length - (MaxKeptChars / 2));
            }

            target.AppendLine(line);
        }
    }
}
