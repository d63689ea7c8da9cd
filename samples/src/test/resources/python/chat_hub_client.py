from socket import *
import struct
import sys
import threading
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8090  # jstruct: port from argv
# jstruct: a chat client in the seed's style for chat-hub: each message is struct.pack('!I', len) + bytes
phone=socket(AF_INET,SOCK_STREAM)
phone.connect(('127.0.0.1',PORT))

def recv_all(n):
    data=b''
    while len(data) < n:
        res=phone.recv(n-len(data))
        if not res:return None
        data+=res
    return data

def receive():
    while True:
        #先收报头
        header=recv_all(4)
        if header is None:break
        total_size=struct.unpack('!I',header)[0]
        #再收消息
        msg=recv_all(total_size)
        if msg is None:break
        print('received:',msg.decode('utf-8'))

t=threading.Thread(target=receive,daemon=True)
t.start()
while True:
    try:
        msg=input('>>: ').strip()
    except EOFError:break  # jstruct: end of input ends the program
    if not msg:continue
    data=msg.encode('utf-8')
    phone.send(struct.pack('!I',len(data)))
    phone.send(data)
phone.close()
