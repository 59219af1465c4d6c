using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SlackChampionBot.LoadTests;

/// <summary>
/// Unauthenticated connections that each declare a body of <c>declaredLength</c> bytes and then trickle it at
/// <c>bytesPerSecond</c> (in tenths, every 100 ms), the way a slow-body attacker holds a server's memory and connection
/// slots before any signature can be checked. When the bot cuts a connection, the attacker opens a new one at once,
/// so the pressure stays constant. The signature is nonsense: nothing here is ever meant to be accepted.
/// </summary>
internal sealed class SlowBodyAttack : IAsyncDisposable
{
    private readonly DnsEndPoint _endPoint;
    private readonly string _head;
    private readonly int _chunk;
    private readonly long _declaredLength;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _attackers = [];
    private readonly ConcurrentDictionary<string, int> _endings = new(StringComparer.Ordinal);
    private int _opened;
    private int _open;

    public SlowBodyAttack(Uri bot, int connections, int bytesPerSecond, long declaredLength)
    {
        _endPoint = new DnsEndPoint(bot.Host, bot.Port);
        _declaredLength = declaredLength;
        _chunk = Math.Max(1, bytesPerSecond / 10);
        _head = string.Create(CultureInfo.InvariantCulture, $"POST /slack/event HTTP/1.1\r\nHost: {bot.Authority}\r\nContent-Type: application/json\r\nContent-Length: {declaredLength}\r\nX-Slack-Request-Timestamp: {DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\r\nX-Slack-Signature: v0={new string('0', 64)}\r\n\r\n");
        Connections = connections;
        for (var i = 0; i < connections; i++)
        {
            var stagger = TimeSpan.FromMilliseconds(1000.0 * i / connections);
            _attackers.Add(Task.Run(() => Attacker(stagger)));
        }
    }

    public int Connections { get; }

    /// <summary>Connections opened so far (each cut one is replaced by a new one).</summary>
    public int Opened => Volatile.Read(ref _opened);

    /// <summary>Connections open right now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>How attack connections ended: "closed" (the bot hung up), "refused", or the HTTP status it answered.</summary>
    public IReadOnlyDictionary<string, int> Endings => new Dictionary<string, int>(_endings, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_attackers);
        _stop.Dispose();
    }

    private async Task Attacker(TimeSpan stagger)
    {
        var token = _stop.Token;
        try
        {
            await Task.Delay(stagger, token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var body = Encoding.ASCII.GetBytes(new string(' ', _chunk));
        var head = Encoding.ASCII.GetBytes(_head);
        var answer = new byte[512];
        while (!token.IsCancellationRequested)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            string ending;
            try
            {
                await socket.ConnectAsync(_endPoint, token);
                Interlocked.Increment(ref _opened);
                Interlocked.Increment(ref _open);
                try
                {
                    await socket.SendAsync(head, SocketFlags.None, token);
                    long sent = 0;
                    ending = "gave up";
                    while (sent < _declaredLength)
                    {
                        await Task.Delay(100, token);
                        if (socket.Poll(0, SelectMode.SelectRead))
                        {
                            var read = await socket.ReceiveAsync(answer, SocketFlags.None, token);
                            ending = read == 0 ? "closed" : StatusOf(answer, read);
                            break;
                        }

                        var piece = (int)Math.Min(body.Length, _declaredLength - sent);
                        await socket.SendAsync(body.AsMemory(0, piece), SocketFlags.None, token);
                        sent += piece;
                    }

                    if (sent >= _declaredLength)
                    {
                        var read = await socket.ReceiveAsync(answer, SocketFlags.None, token);
                        ending = read == 0 ? "closed" : StatusOf(answer, read);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _open);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException exception)
            {
                ending = exception.SocketErrorCode == SocketError.ConnectionRefused ? "refused" : "closed";
            }

            _endings.AddOrUpdate(ending, 1, (_, n) => n + 1);
        }
    }

    private static string StatusOf(byte[] answer, int read)
    {
        var line = Encoding.ASCII.GetString(answer, 0, read).Split("\r\n")[0];
        var parts = line.Split(' ');
        return parts.Length > 1 ? "HTTP " + parts[1] : "answered";
    }
}
