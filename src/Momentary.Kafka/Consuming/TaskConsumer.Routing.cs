using Confluent.Kafka;
using Momentary.Kafka.Telemetry;

namespace Momentary.Kafka.Consuming;

/// <summary>The poll loop's routing: each polled record to its task's lane, pausing a partition whose lane is full and resuming it once drained.</summary>
internal sealed partial class TaskConsumer
{
    // A rebalance handler runs inside a poll, called by librdkafka: its failure is kept and thrown by the loop.
    private void Guard(Action handler)
    {
        try
        {
            handler();
        }
        catch (Exception ex)
        {
            _handlerFault ??= ex;
        }
    }

    private void Route(IConsumer<Ignore, Ignore> consumer, PolledRecord record)
    {
        if (record.Error is not (ErrorCode.NoError or ErrorCode.Local_PartitionEOF))
        {
            throw new KafkaException(new Error(record.Error, record.ErrorReason)); // as Confluent's Consume would
        }

        if (!_tasks.TryGetValue(record.Partition, out var task) || LaneOf(record.Topic) is not { } lane)
        {
            return;
        }

        if (record.Error == ErrorCode.Local_PartitionEOF)
        {
            task.CaughtUp(lane);
            return;
        }

        KafkaTelemetry.CountConsumed(task.Lanes[lane].Tags);

        // Pausing discards librdkafka's prefetched records for the partition (they are fetched again on resume), so a
        // lane holds up to five buffers' worth before its partition is paused.
        if (task.Add(lane, record) >= 5 * _settings.PartitionBufferSize)
        {
            var l = task.Lanes[lane];
            if (!l.Paused)
            {
                consumer.Pause([l.Partition]);
                l.Paused = true;
                _pausedLanes++;
            }
        }
    }

    private int? LaneOf(ReadOnlySpan<byte> topic)
    {
        for (var i = 0; i < _topicNames.Length; i++)
        {
            if (topic.SequenceEqual(_topicNames[i]))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Resumes a paused partition once its lane is half a buffer or less. Returns whether any partition is still paused.</summary>
    private bool ResumeDrained(IConsumer<Ignore, Ignore> consumer)
    {
        if (_pausedLanes == 0)
        {
            return false; // the usual case, checked on every poll: no walk over every task's lanes
        }

        var stillPaused = 0;
        foreach (var task in _tasks.Values)
        {
            foreach (var lane in task.Lanes)
            {
                if (!lane.Paused)
                {
                    continue;
                }

                // Hysteresis: each resume costs a fetch round trip, so resume only once most of the lane is free.
                if (task.Buffered(lane) <= _settings.PartitionBufferSize / 2)
                {
                    consumer.Resume([lane.Partition]);
                    lane.Paused = false;
                }
                else
                {
                    stillPaused++;
                }
            }
        }

        _pausedLanes = stillPaused; // recounted: lanes of revoked tasks drop out of the count here
        return stillPaused > 0;
    }
}
