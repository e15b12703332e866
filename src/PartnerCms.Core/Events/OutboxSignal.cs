
namespace PartnerCms.Core.Events;

/// <summary>Wakes this node's dispatcher when this node committed a new event, so delivery does not wait for the next poll.</summary>
public sealed class OutboxSignal : WakeSignal;
