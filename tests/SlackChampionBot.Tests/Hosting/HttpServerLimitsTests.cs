using System.Net;
using System.Net.Sockets;
using System.Text;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Hosting;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Hosting;

/// <summary>Kestrel's limits on the real binary: what an unauthenticated connection may cost, through raw sockets.</summary>
public sealed class HttpServerLimitsTests(HttpServerLimitsTests.RunningBot bot) : IClassFixture<HttpServerLimitsTests.RunningBot>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Request_DeclaringMoreThanTheLimit_Gets413WithoutSendingTheBody()
    {
        using var socket = await bot.Connect();

        await Send(socket, $"POST /slack/event HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {(2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture)}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 413", await ReadStatusLine(socket));
    }

    [Fact]
    public async Task Connection_TricklingItsHeaders_IsClosedByTheServer()
    {
        using var socket = await bot.Connect();
        await Send(socket, "POST /slack/event HTTP/1.1\r\nHost: x\r\n");

        // Kestrel's own default would wait 30 s; the bot's setting (2 s here, 10 s by default) must end it well before.
        var closed = await TrickleUntilClosed(socket, "X-Slow: a", TimeSpan.FromSeconds(15));

        Assert.True(closed, "the server kept a connection whose headers never ended");
    }

    [Fact]
    public async Task Connection_TricklingItsBody_IsClosedByTheServer()
    {
        using var socket = await bot.Connect();
        await Send(socket, "POST /slack/event HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500000\r\nX-Slack-Request-Timestamp: 1\r\nX-Slack-Signature: v0=00\r\n\r\n{");

        // About 800 bytes a second: above Kestrel's default minimum (240), far below the bot's (4096).
        var closed = await TrickleUntilClosed(socket, new string(' ', 200), Bound);

        Assert.True(closed, "the server kept a connection whose body arrived far below the minimum rate");
    }

    [Theory]
    [InlineData("Http:MaxConcurrentConnections", 0)]
    [InlineData("Http:RequestHeadersTimeoutSeconds", 0)]
    [InlineData("Http:MinRequestBodyBytesPerSecond", 0)]
    [InlineData("Http:RequestBodyTimeoutSeconds", 301)]
    [InlineData("Http:MaxRequestBodyBytes", 1000)]
    [InlineData("Http:KeepAliveTimeoutSeconds", -1)]
    public void Validate_OutOfRange_NamesTheKeyInOneLine(string key, int value)
    {
        var options = new HttpServerOptions();
        typeof(HttpServerOptions).GetProperty(key["Http:".Length..])!.SetValue(options, value);

        var result = new HttpServerOptionsValidator().Validate(null, options);

        var line = Assert.Single(result.Failures!);
        Assert.StartsWith(key + " is malformed: use a whole number from", line);
        Assert.Contains(key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant(), line);
    }

    [Fact]
    public void Validate_Defaults_AreValid() => Assert.True(new HttpServerOptionsValidator().Validate(null, new HttpServerOptions()).Succeeded);

    /// <summary>Sends one piece every 250 ms; true when the server closes the connection within <paramref name="bound"/>.</summary>
    private static async Task<bool> TrickleUntilClosed(Socket socket, string piece, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        var buffer = new byte[1024];
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await Send(socket, piece);
                if (socket.Poll(250_000, SelectMode.SelectRead))
                {
                    // Readable: either the server's answer before it closes (408, 400) or the close itself.
                    while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
                    {
                    }

                    return true;
                }
            }
            catch (SocketException)
            {
                return true;
            }
        }

        return false;
    }

    private static Task Send(Socket socket, string text) => socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

    private static async Task<string> ReadStatusLine(Socket socket)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(Bound);
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        return Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
    }

    /// <summary>The built bot in HTTP mode with a short headers timeout, shared by the tests of this class.</summary>
    public sealed class RunningBot : IAsyncLifetime
    {
        private readonly TempDirectory _temp = new();
        private BotProcess? _process;

        public async Task InitializeAsync()
        {
            _process = HostProcess.Start(
                new Dictionary<string, string?>
                {
                    ["SLACK__BOTTOKEN"] = TestSettings.BotToken,
                    ["SLACK__USESOCKETMODE"] = "false",
                    ["SLACK__SIGNINGSECRET"] = TestSettings.SigningSecret,
                    ["SLACK__APIBASEURL"] = TestSettings.UnreachableApiBaseUrl,
                    ["HTTP__REQUESTHEADERSTIMEOUTSECONDS"] = "2",
                    ["Logging__LogLevel__Default"] = "Warning",
                },
                _temp.Path);
            using var client = new HttpClient();
            (await _process.WaitForResponse(client, "healthz", TimeSpan.FromSeconds(60))).Dispose();
        }

        public async Task<Socket> Connect()
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, _process!.Port);
            return socket;
        }

        public async Task DisposeAsync()
        {
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }

            _temp.Dispose();
        }
    }
}
