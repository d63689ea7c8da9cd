from socket import *
import struct
import sys
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8082  # jstruct: port from argv
ss=socket(AF_INET,SOCK_STREAM)
ss.connect(('127.0.0.1',PORT))
while True:
    cmd=input('>>: ').strip()
    if not cmd:continue
    ss.send(cmd.encode('utf-8'))
    #先收报头
    header=ss.recv(4)
    total_size=struct.unpack('i',header)[0]
    #再收命令的结果
    recv_size=0
    recv_data=b''
    while recv_size < total_size:
        res=ss.recv(1024)
        recv_data+=res
        recv_size+=len(res)
    print(recv_data.decode('utf-8'))  # the seed decodes 'gbk' on Windows: the server's system encoding
ss.close()
