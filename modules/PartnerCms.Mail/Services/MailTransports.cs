using MailKit.Net.Smtp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace PartnerCms.Mail.Services;

/// <summary>Where messages go: an SMTP server, or a folder of .eml files.</summary>
public interface IMailTransport
{
    /// <summary>"smtp://host:port" or the folder, for the operator's page.</summary>
    string Describe();

    /// <summary>Opens a session for a batch (one SMTP connection for all its messages).</summary>
    Task<IMailSession> OpenAsync(CancellationToken cancellationToken);
}

public interface IMailSession : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>Chooses SMTP when a host is configured, else the pickup folder, reading the options at each batch.</summary>
public sealed class ConfiguredMailTransport(IOptionsMonitor<MailOptions> options, IHostEnvironment environment, TimeProvider clock) : IMailTransport
{
    public string Describe() => options.CurrentValue.Smtp.Host is { Length: > 0 } host
        ? $"SMTP server {host}:{options.CurrentValue.Smtp.Port} ({options.CurrentValue.Smtp.Security})"
        : $"pickup folder {PickupFolder()}";

    public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(current.Smtp.Host))
        {
            var folder = PickupFolder();
            Directory.CreateDirectory(folder);
            return new PickupSession(folder, clock);
        }

        var client = new SmtpClient { Timeout = (int)current.Smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(current.Smtp.Host, current.Smtp.Port, current.Smtp.Security, cancellationToken);
            if (!string.IsNullOrEmpty(current.Smtp.UserName))
            {
                await client.AuthenticateAsync(current.Smtp.UserName, current.Smtp.Password ?? string.Empty, cancellationToken);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        return new SmtpSession(client);
    }

    private string PickupFolder() => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.CurrentValue.PickupFolder));

    private sealed class SmtpSession(SmtpClient client) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken) => await client.SendAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or MailKit.CommandException or OperationCanceledException)
            {
                // The messages were handed over; a failed QUIT loses nothing.
            }
            finally
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Writes each message to a temporary name and renames it, so a reader of the folder never sees half a file.</summary>
    private sealed class PickupSession(string folder, TimeProvider clock) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var name = $"{clock.GetUtcNow().UtcDateTime:yyyyMMddTHHmmssfff}-{SafeName(message.MessageId ?? Guid.NewGuid().ToString("N"))}.eml";
            var temporary = Path.Combine(folder, "." + name + ".tmp");
            await using (var file = File.Create(temporary))
            {
                await message.WriteToAsync(file, cancellationToken);
            }

            File.Move(temporary, Path.Combine(folder, name), overwrite: true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static string SafeName(string messageId) =>
            new(messageId.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.').Take(80).ToArray());
    }
}
