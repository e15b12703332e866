
namespace PartnerCms.Core.Events;

public enum OutboxStatus
{
    /// <summary>Waiting for delivery (or for its next attempt).</summary>
    Pending = 0,

    /// <summary>Every handler ran.</summary>
    Dispatched = 1,

    /// <summary>Given up after the last attempt; an operator may send it again.</summary>
    Parked = 2,
}
