namespace PartnerCms.Core.Hosting;

/// <summary>The configured database cannot be reached at start-up; the message says where it looked and what to check.</summary>
public sealed class DatabaseUnavailableException(string message, Exception inner) : Exception(message, inner);
