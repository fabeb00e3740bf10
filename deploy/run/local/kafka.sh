#!/usr/bin/env bash
# A real Kafka broker (KRaft, combined broker+controller) from Maven Central jars: no Docker, no tarball.
# Used by the local stack (stack.sh) and by the test suite (KafkaBrokerResource).
#   kafka.sh start | stop | status | classpath | topics | bootstrap
#   kafka.sh console-producer [TOPIC]   kafka-console-producer on sdk-events, one "key|value" record per line
# Environment (all optional):
#   KAFKA_DIR          state folder (data, logs, pid)        default: <repo>/.local/kafka
#   KAFKA_PORT         client listener port                  default: 9092
#   KAFKA_CONTROLLER_PORT                                    default: KAFKA_PORT+1
#   KAFKA_PARTITIONS   partitions of sdk-events / -dlq       default: 12
#   KAFKA_HEAP         broker heap                           default: 512m
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
KAFKA_DIR=${KAFKA_DIR:-$ROOT/.local/kafka}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
KAFKA_PARTITIONS=${KAFKA_PARTITIONS:-12}
KAFKA_HEAP=${KAFKA_HEAP:-512m}
CP_FILE=$ROOT/deploy/run/kafka/target/broker.classpath
PID_FILE=$KAFKA_DIR/broker.pid
PORT_FILE=$KAFKA_DIR/broker.port
LOG=$KAFKA_DIR/broker.log
BOOTSTRAP=127.0.0.1:$KAFKA_PORT

classpath() {
  if [ ! -s "$CP_FILE" ] || [ "$ROOT/deploy/run/kafka/pom.xml" -nt "$CP_FILE" ]; then
    "$ROOT/mvnw" -q -B -f "$ROOT/deploy/run/kafka/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2
  fi
  cat "$CP_FILE"
}

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

# The address of the running broker, which may differ from KAFKA_PORT when it was started with another one.
running_bootstrap() { echo "127.0.0.1:$(cat "$PORT_FILE" 2>/dev/null || echo "$KAFKA_PORT")"; }

tools() { java -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2-tools.xml" -cp "$(classpath)" "$@"; }

write_config() {
  mkdir -p "$KAFKA_DIR/data"
  cat > "$KAFKA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=$KAFKA_PARTITIONS
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  cat > "$KAFKA_DIR/log4j2.xml" <<XML
<Configuration status="warn"><Appenders><File name="f" fileName="$KAFKA_DIR/server.log"><PatternLayout pattern="[%d] %p %m (%c)%n"/></File></Appenders>
<Loggers><Root level="info"><AppenderRef ref="f"/></Root></Loggers></Configuration>
XML
  cat > "$KAFKA_DIR/log4j2-tools.xml" <<XML
<Configuration status="warn"><Appenders><Console name="e" target="SYSTEM_ERR"><PatternLayout pattern="%p %m%n"/></Console></Appenders>
<Loggers><Root level="warn"><AppenderRef ref="e"/></Root></Loggers></Configuration>
XML
}

topics() {
  for t in sdk-events sdk-events-dlq; do
    tools org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
      --topic "$t" --partitions "$KAFKA_PARTITIONS" --replication-factor 1 >/dev/null
  done
}

start() {
  if running; then echo "kafka: already running on $(running_bootstrap) (pid $(cat "$PID_FILE"))"; return 0; fi
  write_config
  local cp; cp=$(classpath)
  if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
    local id; id=$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
    java -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2-tools.xml" -cp "$cp" kafka.tools.StorageTool format \
      -t "$id" -c "$KAFKA_DIR/server.properties" --standalone >/dev/null
  fi
  [ -f "$KAFKA_DIR/server.log" ] && mv "$KAFKA_DIR/server.log" "$KAFKA_DIR/server.log.old"
  nohup java -Xms128m -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.xml" \
    -cp "$cp" kafka.Kafka "$KAFKA_DIR/server.properties" > "$LOG" 2>&1 &
  echo $! > "$PID_FILE"
  echo "$KAFKA_PORT" > "$PORT_FILE"
  for _ in $(seq 1 120); do
    if grep -q "Kafka Server started" "$KAFKA_DIR/server.log" 2>/dev/null; then
      topics
      echo "kafka: running on $BOOTSTRAP (pid $(cat "$PID_FILE"))"
      return 0
    fi
    running || { echo "kafka: broker exited; see $LOG and $KAFKA_DIR/server.log" >&2; tail -20 "$LOG" >&2; return 1; }
    sleep 0.5
  done
  echo "kafka: not started within 60 s; see $KAFKA_DIR/server.log" >&2
  return 1
}

stop() {
  if running; then
    local pid; pid=$(cat "$PID_FILE")
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    echo "kafka: stopped"
  else
    echo "kafka: not running"
  fi
  rm -f "$PID_FILE" "$PORT_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "kafka: running on $(running_bootstrap)"; else echo "kafka: stopped"; exit 1; fi ;;
  classpath) classpath ;;
  bootstrap) running_bootstrap ;;
  topics) topics ;;
  console-producer)
    tools org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$BOOTSTRAP" --topic "${2:-sdk-events}" \
      --property parse.key=true --property key.separator='|' ;;
  *) echo "usage: $0 start|stop|status|classpath|topics" >&2; exit 2 ;;
esac
