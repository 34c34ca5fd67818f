namespace Momentary.Core.Messaging;

/// <summary>A Kafka record header.</summary>
public readonly record struct RecordHeader(string Key, byte[] Value);
