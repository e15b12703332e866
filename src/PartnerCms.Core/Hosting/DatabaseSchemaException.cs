namespace PartnerCms.Core.Hosting;

/// <summary>The configured database has a schema this version cannot bring up to date; the message says what to do.</summary>
public sealed class DatabaseSchemaException(string message) : Exception(message);
