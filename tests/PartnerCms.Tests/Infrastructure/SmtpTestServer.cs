using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace PartnerCms.Tests.Infrastructure;

/// <summary>
/// A real SMTP server (SmtpServer on loopback) that keeps what it receives, parsed by MimeKit. Its port is chosen at
/// construction and kept across <see cref="StartAsync"/>/<see cref="StopAsync"/>, so a test can start it after the
/// portal has already tried (and failed) to deliver.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private CancellationTokenSource? _running;
    private Task? _server;

    public SmtpTestServer()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
    }

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Received => _received.ToArray();

    /// <summary>The portal's settings to send to this server (plain SMTP on loopback) and to retry quickly.</summary>
    public Dictionary<string, string?> Settings(int maxAttempts = 8) => new()
    {
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
        ["Mail:Smtp:Timeout"] = "00:00:05",
        ["Mail:PollInterval"] = "00:00:00.200",
        ["Mail:RetryDelay"] = "00:00:00.300",
        ["Mail:MaxRetryDelay"] = "00:00:01",
        ["Mail:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(_received));
        _running = new CancellationTokenSource();
        var server = new SmtpServer.SmtpServer(options, services);
        _server = server.StartAsync(_running.Token);
        // Ready when it accepts a connection.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_server.IsCompleted)
            {
                await Task.Delay(20);
            }
        }
    }

    public async Task StopAsync()
    {
        if (_running is null)
        {
            return;
        }

        await _running.CancelAsync();
        try
        {
            await _server!;
        }
        catch (OperationCanceledException)
        {
        }

        _running.Dispose();
        _running = null;
    }

    /// <summary>Waits until <paramref name="count"/> messages (that match <paramref name="where"/>) arrived, and returns those (or fails after the timeout).</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, Func<MimeMessage, bool>? where = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        List<MimeMessage> matching;
        while ((matching = _received.Where(where ?? (_ => true)).ToList()).Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return matching.Count >= count ? matching : throw new Xunit.Sdk.XunitException($"The SMTP server received {matching.Count} of {count} messages.");
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store(ConcurrentQueue<MimeMessage> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
